"use client";
import { useEffect } from "react";

/**
 * Sets the tab title on pages that cannot export metadata (the 403 and 404
 * screens render inside the failed page's layout, whose metadata title wins on
 * the server).
 */
export function DocumentTitle({ title }: { title: string }) {
  useEffect(() => {
    document.title = title;
  }, [title]);
  return null;
}

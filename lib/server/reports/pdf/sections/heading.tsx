import React from "react";
import { Text, View } from "@react-pdf/renderer";
import { s } from "../theme";

/** A section's title; the section's <Page> carries the bookmark (document.tsx). */
export function SectionHeading({ title }: { title: string }) {
  return (
    <View minPresenceAhead={60}>
      <Text style={s.h1}>{title}</Text>
    </View>
  );
}

"use client";

import * as React from "react";

import { cn } from "@/lib/utils";

/* ------------------------------------------------------------------------ */
/* Shared client clock: one interval for every <RelativeTime> on the page.   */
/* ------------------------------------------------------------------------ */

const TICK_MS = 30_000;
let clockNow = Date.now();
let clockTimer: ReturnType<typeof setInterval> | undefined;
const clockListeners = new Set<() => void>();

function subscribeClock(listener: () => void): () => void {
  clockListeners.add(listener);
  if (clockTimer === undefined) {
    // The value may be stale if nothing was subscribed for a while; React
    // re-checks the snapshot after subscribing and re-renders if it changed.
    clockNow = Date.now();
    clockTimer = setInterval(() => {
      clockNow = Date.now();
      clockListeners.forEach((l) => l());
    }, TICK_MS);
  }
  return () => {
    clockListeners.delete(listener);
    if (clockListeners.size === 0 && clockTimer !== undefined) {
      clearInterval(clockTimer);
      clockTimer = undefined;
    }
  };
}

const getClockSnapshot = () => clockNow;
/** On the server and during hydration there is no "now": render absolute UTC. */
const getServerClockSnapshot = () => null;

/* ------------------------------------------------------------------------ */
/* Formatting                                                               */
/* ------------------------------------------------------------------------ */

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** Deterministic, locale- and zone-independent: "2025-03-14 09:05 UTC". */
export function formatUtc(date: Date): string {
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${pad(
    date.getUTCHours(),
  )}:${pad(date.getUTCMinutes())} UTC`;
}

/** Absolute time in the viewer's locale and time zone, e.g. "Mar 14, 2025, 10:05 AM GMT+1". */
export function formatAbsolute(date: Date): string {
  return new Intl.DateTimeFormat(undefined, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZoneName: "short",
  }).format(date);
}

const UNITS: Array<{ unit: Intl.RelativeTimeFormatUnit; seconds: number; until: number }> = [
  { unit: "second", seconds: 1, until: 60 },
  { unit: "minute", seconds: 60, until: 60 * 60 },
  { unit: "hour", seconds: 60 * 60, until: 24 * 60 * 60 },
  { unit: "day", seconds: 24 * 60 * 60, until: 7 * 24 * 60 * 60 },
  { unit: "week", seconds: 7 * 24 * 60 * 60, until: 30 * 24 * 60 * 60 },
  { unit: "month", seconds: 30 * 24 * 60 * 60, until: 365 * 24 * 60 * 60 },
  { unit: "year", seconds: 365 * 24 * 60 * 60, until: Number.POSITIVE_INFINITY },
];

/** "3 days ago", "in 2 hours", "just now" (|Δ| < 45 s). */
export function formatRelative(date: Date, now: number): string {
  const diffSeconds = (date.getTime() - now) / 1000;
  const abs = Math.abs(diffSeconds);
  if (abs < 45) return "just now";
  const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
  const { unit, seconds } = UNITS.find((u) => abs < u.until) ?? UNITS[UNITS.length - 1];
  return rtf.format(Math.round(diffSeconds / seconds), unit);
}

function toDate(value: string | Date | null | undefined): Date | null {
  if (value === null || value === undefined || value === "") return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/* ------------------------------------------------------------------------ */
/* Component                                                                */
/* ------------------------------------------------------------------------ */

export type RelativeTimeProps = Omit<React.ComponentProps<"time">, "children" | "dateTime"> & {
  value: string | Date | null;
};

/**
 * `<time>` with relative text ("3 days ago") and the absolute time in the
 * viewer's zone as a tooltip. Server render and hydration show the absolute
 * UTC time ("2025-03-14 09:05 UTC") so markup matches; the client then
 * switches to relative text and keeps it fresh every 30 s.
 * `null` / invalid dates render "—".
 */
export function RelativeTime({ value, className, ...props }: RelativeTimeProps) {
  const now = React.useSyncExternalStore(subscribeClock, getClockSnapshot, getServerClockSnapshot);
  const date = toDate(value);

  if (!date) {
    return (
      <span data-slot="relative-time" className={cn("text-muted-foreground", className)}>
        <span aria-hidden="true">—</span>
        <span className="sr-only">No date</span>
      </span>
    );
  }

  const utc = formatUtc(date);
  const hydrated = now !== null;
  return (
    <time
      data-slot="relative-time"
      dateTime={date.toISOString()}
      title={hydrated ? formatAbsolute(date) : utc}
      className={cn("whitespace-nowrap", className)}
      {...props}
    >
      {hydrated ? formatRelative(date, now) : utc}
    </time>
  );
}

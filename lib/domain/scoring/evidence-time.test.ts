import { describe, expect, it } from "vitest";
import { evidenceTime } from "./evidence-time";

const probedAt = "2026-05-31T08:00:00.000Z";

describe("evidenceTime", () => {
  it("a live probe recorded seconds after it ran: one time, the probe's", () => {
    expect(evidenceTime({ probe: { probedAt }, signalSource: "probe", observedAt: "2026-05-31T08:00:05.000Z" })).toEqual({ label: "Probed", at: probedAt, recordedAt: null });
  });

  it("recorded more than an hour away from the probe: both, the probe's first", () => {
    const observedAt = "2026-03-01T08:00:00.000Z";
    expect(evidenceTime({ probe: { probedAt }, signalSource: "recorded_probe", recorded: true, observedAt })).toEqual({ label: "Probed", at: probedAt, recordedAt: observedAt });
    expect(evidenceTime({ probe: { probedAt }, observedAt: "2026-05-31T08:59:00.000Z" })?.recordedAt).toBeNull();
  });

  it("a probe result without a time of its own (HTTP) is dated by its signal", () => {
    const observedAt = "2026-05-31T08:00:05.000Z";
    expect(evidenceTime({ probe: { url: "https://api.example/" }, signalSource: "probe", observedAt })).toEqual({ label: "Probed", at: observedAt, recordedAt: null });
  });

  it("evidence that no probe produced says when it was recorded", () => {
    const observedAt = "2026-02-01T00:00:00.000Z";
    expect(evidenceTime({ methods: ["oauth2"], source: "analyst", signalSource: "analyst", observedAt })).toEqual({ label: "Recorded", at: observedAt, recordedAt: null });
  });

  it("no time, or not a time: nothing to show", () => {
    expect(evidenceTime({})).toBeNull();
    expect(evidenceTime({ observedAt: "yesterday", probe: { probedAt: 12 } })).toBeNull();
  });
});

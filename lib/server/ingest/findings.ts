import "server-only";
// Detections made while ingesting are recorded by the triage module.
export { findingFingerprint, recordFindings, resolveUndetected, type DetectedFinding, type DetectionSource } from "../triage/record";

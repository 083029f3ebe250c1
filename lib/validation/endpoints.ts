import { z } from "zod";

export const mergeEndpointsSchema = z.object({
  endpointIds: z.array(z.uuid("Unknown endpoint")).min(2, "Choose at least two endpoints to merge").max(50),
});

export const splitEndpointSchema = z.object({
  endpointId: z.uuid("Unknown endpoint"),
  position: z.coerce.number().int().min(0).max(50),
  value: z
    .string()
    .trim()
    .min(1, "Enter the literal value")
    .max(200)
    .regex(/^[^/{}?#\s]+$/, "A single path segment without slashes, braces or spaces"),
});

import { z } from "zod";
import { ROLES } from "@/lib/domain/rbac/permissions";

export const emailSchema = z
  .string()
  .trim()
  .max(254, "Email is too long")
  .pipe(z.email("Enter a valid email address"))
  .transform((e) => e.toLowerCase());

export const passwordSchema = z
  .string()
  .min(12, "Use at least 12 characters")
  .max(200, "Use at most 200 characters");

export const roleSchema = z.enum(ROLES, { error: "Choose a role" });

export const createUserSchema = z.object({
  email: emailSchema,
  name: z.string().trim().min(1, "Enter a name").max(120, "Use at most 120 characters"),
  role: roleSchema,
  password: passwordSchema,
});
export type CreateUserInput = z.infer<typeof createUserSchema>;

export const updateUserRoleSchema = z.object({
  userId: z.uuid("Unknown user"),
  role: roleSchema,
});

export const setUserDisabledSchema = z.object({
  userId: z.uuid("Unknown user"),
  disabled: z.boolean(),
});

export const signInSchema = z.object({
  email: z.string().trim().min(1, "Enter your email").max(254),
  password: z.string().min(1, "Enter your password").max(200),
});

/** What leaves the server about a user: never the password hash. */
export const userDtoSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  disabled: z.boolean(),
  lastSignInAt: z.string().nullable(),
  createdAt: z.string(),
});
export type UserDto = z.infer<typeof userDtoSchema>;

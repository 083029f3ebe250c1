"use server";
import { AuthError, CredentialsSignin } from "next-auth";
import { signIn, signOut } from "../auth";

export interface SignInState {
  error?: string;
  email?: string;
}

/** Only same-site paths; anything else goes to the overview. */
function safeRedirect(value: FormDataEntryValue | null): string {
  const from = typeof value === "string" ? value : "";
  return from.startsWith("/") && !from.startsWith("//") && !from.startsWith("/\\") && from.length < 500 ? from : "/overview";
}

export async function signInAction(_previous: SignInState, formData: FormData): Promise<SignInState> {
  const email = String(formData.get("email") ?? "").slice(0, 254);
  const password = String(formData.get("password") ?? "").slice(0, 200);
  if (!email.trim() || !password) return { error: "Enter your email and password.", email };
  const redirectTo = safeRedirect(formData.get("from"));
  try {
    await signIn("credentials", { email, password, redirectTo });
  } catch (error) {
    if (error instanceof CredentialsSignin && error.code === "rate_limited") {
      return { error: "Too many failed attempts. Wait 15 minutes and try again.", email };
    }
    if (error instanceof AuthError) return { error: "Invalid email or password.", email };
    throw error; // the redirect after a successful sign-in
  }
  return {};
}

export async function signInWithSsoAction(formData: FormData): Promise<void> {
  await signIn("oidc", { redirectTo: safeRedirect(formData.get("from")) });
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/sign-in" });
}

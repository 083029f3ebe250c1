import "server-only";
import bcrypt from "bcryptjs";
import { env } from "../env";

export function hashPassword(password: string, cost = env().SIBYL_BCRYPT_COST): Promise<string> {
  return bcrypt.hash(password, cost);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

// Compared against when the account does not exist, so a miss takes as long as a hit.
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= bcrypt.hash("sibyl-timing-equaliser", env().SIBYL_BCRYPT_COST);
  return dummyHash;
}

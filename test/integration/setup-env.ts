// Integration tests hash passwords at a low cost so they run quickly; production uses 12.
process.env.SIBYL_BCRYPT_COST ??= "4";
export {};

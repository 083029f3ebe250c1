// Tests run outside Next.js, where 'server-only' would throw; this shim stands in for it.
export {};

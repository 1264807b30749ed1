/**
 * The fixed date every seed is laid out around, so seeded content is the
 * same on every run: 2026-11-01T00:00:00Z.
 */
export const SEED_BASE_DATE = Date.UTC(2026, 10, 1);

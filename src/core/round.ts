/** Rounds to 3 decimals: the precision of every rate, second and millisecond in a run summary. */
export const round3 = (v: number): number => Math.round(v * 1000) / 1000;

/** Rounds to 1 decimal. */
export const round1 = (v: number): number => Math.round(v * 10) / 10;

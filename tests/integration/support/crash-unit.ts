/** Goals in one crash unit; each goal also has one plan_history row. */
export const GOALS_PER_UNIT = 4;

/** Gateway (virtual) keys. Filled in by the keys module's work. */
export const sql = `SELECT 1;`;

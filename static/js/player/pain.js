// What Limber says of a session's pain, looked up in the table the server renders from its
// one rule (routines.pain.player_table, the page's #pain-table): no copy of the rule here.
const NONE = 11;  // the table's row and column for "no score"

export function painVerdict(table, before, after) {
  const row = table.rows[before === null ? NONE : before] || "";
  const verdict = table.codes[row.charAt(after === null ? NONE : after)] || "";
  const points = before === null || after === null ? 0 : Math.abs(after - before);
  const line = (table.lines[verdict] || "").replace("{points}", String(points));
  return { verdict: verdict, caution: table.caution.includes(verdict), line: line };
}

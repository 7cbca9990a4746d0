/**
 * EventBridge Scheduler's recurring expressions, checked at synth with the syntax the service enforces at
 * deploy time: `rate(value unit)` and the six-field `cron(minutes hours day-of-month month day-of-week year)`
 * with a `?` in exactly one of the two day fields. Returns the problems, empty when the expression is valid.
 */
export function scheduleExpressionProblems(expression: string): string[] {
  const rate = /^rate\((.*)\)$/.exec(expression);
  if (rate) return rateProblems((rate[1] as string).trim());
  const cron = /^cron\((.*)\)$/.exec(expression);
  if (cron) return cronProblems((cron[1] as string).trim());
  if (/^at\(/.test(expression)) return ["at(...) runs once; a recurring schedule is cron(...) or rate(...)"];
  return ["a Scheduler expression: cron(minutes hours day-of-month month day-of-week year) or rate(value unit)"];
}

function rateProblems(body: string): string[] {
  const m = /^(\d+) (minute|minutes|hour|hours|day|days)$/.exec(body);
  if (!m) return [`rate(${body}): rate(value unit), a whole number and minute(s), hour(s) or day(s)`];
  const value = Number(m[1]);
  if (value < 1) return [`rate(${body}): the value must be at least 1`];
  const plural = (m[2] as string).endsWith("s");
  if (value === 1 && plural)
    return [`rate(${body}): a value of 1 takes the singular unit, rate(1 ${(m[2] as string).slice(0, -1)})`];
  if (value > 1 && !plural) return [`rate(${body}): a value above 1 takes the plural unit, rate(${value} ${m[2]}s)`];
  return [];
}

interface Field {
  name: string;
  min: number;
  max: number;
  names?: string[];
  /** Characters beyond `, - * /` this field accepts. */
  extra: string;
}
const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
const FIELDS: Field[] = [
  { name: "minutes", min: 0, max: 59, extra: "" },
  { name: "hours", min: 0, max: 23, extra: "" },
  { name: "day-of-month", min: 1, max: 31, extra: "?LW" },
  { name: "month", min: 1, max: 12, names: MONTHS, extra: "" },
  { name: "day-of-week", min: 1, max: 7, names: DAYS, extra: "?L#" },
  { name: "year", min: 1970, max: 2199, extra: "" },
];

function cronProblems(body: string): string[] {
  const parts = body.split(/\s+/).filter(Boolean);
  if (parts.length !== 6) {
    return [
      `cron(${body}) has ${parts.length} fields; Scheduler wants six: minutes hours day-of-month month day-of-week year, e.g. cron(0 8 * * ? *)`,
    ];
  }
  const problems = FIELDS.flatMap((f, i) => fieldProblems(f, parts[i] as string).map((p) => `cron(${body}): ${f.name} ${p}`));
  const [dom, dow] = [parts[2], parts[4]];
  if ((dom === "?") === (dow === "?")) {
    problems.push(`cron(${body}): exactly one of day-of-month and day-of-week must be ?, e.g. cron(0 8 * * ? *)`);
  }
  return problems;
}

function fieldProblems(f: Field, text: string): string[] {
  if (text === "?") return f.extra.includes("?") ? [] : ["cannot be ?"];
  return text.split(",").flatMap((item) => itemProblems(f, item.toUpperCase()));
}

function itemProblems(f: Field, item: string): string[] {
  const bad = [`"${item}" is not valid here (${f.min}-${f.max}${f.names ? ` or ${f.names[0]}-${f.names.at(-1)}` : ""})`];
  if (item === "") return bad;
  if (f.name === "day-of-month") {
    if (item === "L" || item === "LW") return [];
    const w = /^(\d+)W$/.exec(item);
    if (w) return inRange(f, w[1] as string) ? [] : bad;
    const last = /^L-(\d+)$/.exec(item);
    if (last) return Number(last[1]) <= 30 ? [] : bad;
  }
  if (f.name === "day-of-week") {
    const nth = /^(\w+)#(\d)$/.exec(item);
    if (nth) return inRange(f, nth[1] as string) && Number(nth[2]) >= 1 && Number(nth[2]) <= 5 ? [] : bad;
    const last = /^(\w+)L$/.exec(item);
    if (last) return inRange(f, last[1] as string) ? [] : bad;
    if (item === "L") return [];
  }
  const [range, step, ...rest] = item.split("/");
  if (rest.length > 0 || range === undefined) return bad;
  if (step !== undefined && !(/^\d+$/.test(step) && Number(step) >= 1)) return bad;
  if (range === "*") return [];
  const [from, to, ...more] = range.split("-");
  if (more.length > 0 || from === undefined || !inRange(f, from)) return bad;
  if (to !== undefined && !inRange(f, to)) return bad;
  return [];
}

function inRange(f: Field, value: string): boolean {
  if (f.names?.includes(value)) return true;
  if (!/^\d+$/.test(value)) return false;
  const n = Number(value);
  return n >= f.min && n <= f.max;
}

/**
 * D1 fault injection for tests: fail the k-th write of an invocation, or one statement of a
 * given batch (D1 runs a batch as one transaction, so a failing statement must leave no
 * trace of the others).
 */
const WRITE = /^\s*(insert|update|delete)\b/i;

/**
 * A D1 binding that runs `before(write, sql)` ahead of every statement it executes (`write`:
 * an insert, update or delete; a batch counts as one write, with no `sql`). `before` may
 * throw (a failed write) or wait (a killed invocation, `kill-switch.ts`; a slow read).
 */
export function interceptD1(
  d1: D1Database,
  before: (write: boolean, sql?: string) => Promise<void>,
): D1Database {
  const statement = (stmt: D1PreparedStatement, sql: string): D1PreparedStatement =>
    new Proxy(stmt, {
      get(target, prop) {
        const value: unknown = Reflect.get(target, prop);
        if (typeof value !== "function") return value;
        if (prop === "bind") return (...values: unknown[]) => statement(target.bind(...values), sql);
        if (!["run", "all", "first", "raw"].includes(String(prop))) return value.bind(target);
        return async (...args: unknown[]) => {
          await before(WRITE.test(sql), sql);
          return Reflect.apply(value, target, args);
        };
      },
    });
  return new Proxy(d1, {
    get(target, prop) {
      if (prop === "prepare") return (query: string) => statement(target.prepare(query), query);
      if (prop === "batch") {
        return async (statements: D1PreparedStatement[]) => {
          await before(true);
          return target.batch(statements);
        };
      }
      const value: unknown = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** Counts D1 write executions and fails the `failAt`-th one (0-based; -1 fails none). */
export function faultyWrites(d1: D1Database, failAt: number, counter: { writes: number }): D1Database {
  return interceptD1(d1, async (write) => {
    if (write && counter.writes++ === failAt) throw new Error("D1_ERROR: injected write failure");
  });
}

/**
 * A D1 binding whose batch starting with a statement matching `first` fails at statement
 * `failAt` (replaced by one that cannot run), or only counts its statements (-1). Other
 * batches and statements pass through.
 */
export function batchFailingAt(
  d1: D1Database,
  first: RegExp,
  failAt: number,
  seen: { statements: number },
): D1Database {
  const sql = new WeakMap<D1PreparedStatement, string>();
  return new Proxy(d1, {
    get(target, prop) {
      if (prop === "prepare") {
        return (query: string) => {
          const stmt = target.prepare(query);
          const track = (s: D1PreparedStatement): D1PreparedStatement =>
            new Proxy(s, {
              get(inner, key) {
                const value: unknown = Reflect.get(inner, key);
                if (key === "bind") {
                  return (...values: unknown[]) => {
                    const bound = inner.bind(...values);
                    sql.set(bound, query);
                    return bound;
                  };
                }
                return typeof value === "function" ? value.bind(inner) : value;
              },
            });
          sql.set(stmt, query);
          return track(stmt);
        };
      }
      if (prop === "batch") {
        return (statements: D1PreparedStatement[]) => {
          if (!first.test(sql.get(statements[0] as D1PreparedStatement) ?? ""))
            return target.batch(statements);
          seen.statements = statements.length;
          if (failAt < 0) return target.batch(statements);
          const broken = [...statements];
          broken[failAt] = target.prepare("INSERT INTO no_such_table VALUES (1)");
          return target.batch(broken);
        };
      }
      const value: unknown = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

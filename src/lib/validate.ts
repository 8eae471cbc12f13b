/** Request body validation at the HTTP edge: zod schema in, typed value or a 400 out. */
import type { z } from "zod";
import type { AppContext } from "../app-context";
import { BadRequestError } from "./errors";

export async function parseJsonBody<S extends z.ZodType>(c: AppContext, schema: S): Promise<z.infer<S>> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new BadRequestError("body must be JSON", "invalid_json");
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new BadRequestError(
      parsed.error.issues.map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`).join("; "),
      "invalid_body",
    );
  }
  return parsed.data;
}

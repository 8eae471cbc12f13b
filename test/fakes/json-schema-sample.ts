// Builds a minimal instance of a JSON Schema, so the OpenAI fake can answer structured-output
// requests (response_format json_schema) with valid JSON when no reply was scripted.
import { isRecord } from "./http.js";

function resolveRef(ref: string, root: Record<string, unknown>): unknown {
  return ref
    .replace(/^#\/?/, "")
    .split("/")
    .filter((part) => part !== "")
    .reduce<unknown>((node, part) => (isRecord(node) ? node[part] : undefined), root);
}

export function sampleFromSchema(schema: unknown, text: string, root: unknown = schema, depth = 0): unknown {
  if (!isRecord(schema) || depth > 12) return null;
  const rootRecord = isRecord(root) ? root : {};
  if (typeof schema.$ref === "string")
    return sampleFromSchema(resolveRef(schema.$ref, rootRecord), text, root, depth + 1);
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0] ?? null;
  const options = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(options)) {
    const first = options.find((option) => !(isRecord(option) && option.type === "null")) ?? options[0];
    return sampleFromSchema(first, text, root, depth + 1);
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  switch (type) {
    case "object": {
      const properties = isRecord(schema.properties) ? schema.properties : {};
      return Object.fromEntries(
        Object.entries(properties).map(([key, value]) => [
          key,
          sampleFromSchema(value, text, root, depth + 1),
        ]),
      );
    }
    case "array": {
      const count = typeof schema.minItems === "number" ? Math.max(1, schema.minItems) : 1;
      return Array.from({ length: count }, () => sampleFromSchema(schema.items, text, root, depth + 1));
    }
    case "string":
      return text;
    case "integer":
    case "number":
      return typeof schema.minimum === "number" ? schema.minimum : 0;
    case "boolean":
      return false;
    default:
      return null;
  }
}

/**
 * Reference for start-up CPU: a Worker with no code of ours and the product's compatibility
 * date and flags. What the runtime itself costs to start under the same profiler
 * (`nodejs_compat` included) — the part of the product's start-up no code change can remove.
 */
export default {
  fetch(): Response {
    return new Response("ok");
  },
};

/**
 * App Home's "What your edits taught": the physician's learned voice preferences, strongest
 * first, each with Delete (the next drafts stop following it at once).
 */
import type { AnyHomeTabBlock } from "slack-web-api-client";
import { ACTIONS } from "../ids";
import type { Lexicon } from "../lexicon";
import { button, context, header, section } from "./elements";
import type { HomePreference } from "./models";

export function voiceBlocks(preferences: HomePreference[], lex: Lexicon): AnyHomeTabBlock[] {
  const blocks: AnyHomeTabBlock[] = [
    header(lex.voice.preferencesHeader),
    context([lex.voice.preferencesIntro]),
  ];
  if (preferences.length === 0) return [...blocks, section(lex.voice.preferencesEmpty)];
  for (const p of preferences) {
    blocks.push({
      ...section(lex.voice.preference(p), `voice_pref_${p.id}`),
      accessory: button({
        actionId: ACTIONS.voicePreferenceDelete,
        label: lex.voice.deletePreference,
        value: String(p.id),
      }),
    });
  }
  return blocks;
}

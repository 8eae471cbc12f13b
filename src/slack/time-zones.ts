/**
 * Time zones a physician picks from in Settings: a select Slack lets them search by typing,
 * labelled by the cities people know ("Kyiv, Lviv, Odesa") rather than IANA names alone.
 * Slack allows 100 options in a select; this list covers the zones our physicians and their
 * readers live in, and the physician's own zone is always offered (`zoneOptions`). Free text
 * (a city or an IANA name) is resolved by `resolveTimeZone`.
 */
import type { Language } from "../db/schema";
import { isValidTimeZone } from "./time";

interface Zone {
  id: string;
  en: string;
  uk: string;
}

/** West to east within each region, so the list reads like a map. */
export const ZONES: readonly Zone[] = [
  { id: "Europe/Kyiv", en: "Kyiv, Lviv, Odesa, Kharkiv, Dnipro", uk: "Київ, Львів, Одеса, Харків, Дніпро" },
  { id: "Europe/Lisbon", en: "Lisbon", uk: "Лісабон" },
  { id: "Europe/London", en: "London, Edinburgh", uk: "Лондон, Единбург" },
  { id: "Europe/Dublin", en: "Dublin", uk: "Дублін" },
  { id: "Europe/Madrid", en: "Madrid, Barcelona", uk: "Мадрид, Барселона" },
  { id: "Europe/Paris", en: "Paris", uk: "Париж" },
  { id: "Europe/Brussels", en: "Brussels", uk: "Брюссель" },
  { id: "Europe/Amsterdam", en: "Amsterdam", uk: "Амстердам" },
  { id: "Europe/Berlin", en: "Berlin, Munich, Frankfurt", uk: "Берлін, Мюнхен, Франкфурт" },
  { id: "Europe/Zurich", en: "Zurich, Geneva", uk: "Цюрих, Женева" },
  { id: "Europe/Rome", en: "Rome, Milan", uk: "Рим, Мілан" },
  { id: "Europe/Vienna", en: "Vienna", uk: "Відень" },
  { id: "Europe/Prague", en: "Prague", uk: "Прага" },
  { id: "Europe/Warsaw", en: "Warsaw, Krakow, Wroclaw", uk: "Варшава, Краків, Вроцлав" },
  { id: "Europe/Copenhagen", en: "Copenhagen", uk: "Копенгаген" },
  { id: "Europe/Oslo", en: "Oslo", uk: "Осло" },
  { id: "Europe/Stockholm", en: "Stockholm", uk: "Стокгольм" },
  { id: "Europe/Budapest", en: "Budapest", uk: "Будапешт" },
  { id: "Europe/Bratislava", en: "Bratislava", uk: "Братислава" },
  { id: "Europe/Helsinki", en: "Helsinki", uk: "Гельсінкі" },
  { id: "Europe/Tallinn", en: "Tallinn", uk: "Таллінн" },
  { id: "Europe/Riga", en: "Riga", uk: "Рига" },
  { id: "Europe/Vilnius", en: "Vilnius", uk: "Вільнюс" },
  { id: "Europe/Chisinau", en: "Chisinau", uk: "Кишинів" },
  { id: "Europe/Bucharest", en: "Bucharest", uk: "Бухарест" },
  { id: "Europe/Sofia", en: "Sofia", uk: "Софія" },
  { id: "Europe/Athens", en: "Athens", uk: "Афіни" },
  { id: "Europe/Istanbul", en: "Istanbul, Ankara", uk: "Стамбул, Анкара" },
  { id: "Asia/Tbilisi", en: "Tbilisi", uk: "Тбілісі" },
  { id: "Asia/Jerusalem", en: "Jerusalem, Tel Aviv", uk: "Єрусалим, Тель-Авів" },
  { id: "Asia/Dubai", en: "Dubai, Abu Dhabi", uk: "Дубай, Абу-Дабі" },
  { id: "Asia/Kolkata", en: "Delhi, Mumbai, Kolkata", uk: "Делі, Мумбаї, Колката" },
  { id: "Asia/Almaty", en: "Almaty, Astana", uk: "Алмати, Астана" },
  { id: "Asia/Bangkok", en: "Bangkok", uk: "Бангкок" },
  { id: "Asia/Singapore", en: "Singapore", uk: "Сінгапур" },
  { id: "Asia/Shanghai", en: "Beijing, Shanghai", uk: "Пекін, Шанхай" },
  { id: "Asia/Hong_Kong", en: "Hong Kong", uk: "Гонконг" },
  { id: "Asia/Seoul", en: "Seoul", uk: "Сеул" },
  { id: "Asia/Tokyo", en: "Tokyo", uk: "Токіо" },
  { id: "Australia/Perth", en: "Perth", uk: "Перт" },
  { id: "Australia/Sydney", en: "Sydney, Melbourne, Canberra", uk: "Сідней, Мельбурн, Канберра" },
  { id: "Pacific/Auckland", en: "Auckland, Wellington", uk: "Окленд, Веллінгтон" },
  { id: "Africa/Casablanca", en: "Casablanca", uk: "Касабланка" },
  { id: "Africa/Lagos", en: "Lagos", uk: "Лагос" },
  { id: "Africa/Cairo", en: "Cairo", uk: "Каїр" },
  { id: "Africa/Johannesburg", en: "Johannesburg, Cape Town", uk: "Йоганнесбург, Кейптаун" },
  { id: "Africa/Nairobi", en: "Nairobi", uk: "Найробі" },
  { id: "America/Sao_Paulo", en: "Sao Paulo, Rio de Janeiro", uk: "Сан-Паулу, Ріо-де-Жанейро" },
  { id: "America/Argentina/Buenos_Aires", en: "Buenos Aires", uk: "Буенос-Айрес" },
  { id: "America/Halifax", en: "Halifax", uk: "Галіфакс" },
  { id: "America/New_York", en: "New York, Washington, Boston", uk: "Нью-Йорк, Вашингтон, Бостон" },
  { id: "America/Toronto", en: "Toronto, Montreal, Ottawa", uk: "Торонто, Монреаль, Оттава" },
  { id: "America/Chicago", en: "Chicago, Houston, Dallas", uk: "Чикаго, Г’юстон, Даллас" },
  { id: "America/Winnipeg", en: "Winnipeg", uk: "Вінніпег" },
  { id: "America/Mexico_City", en: "Mexico City", uk: "Мехіко" },
  { id: "America/Denver", en: "Denver", uk: "Денвер" },
  { id: "America/Edmonton", en: "Edmonton, Calgary", uk: "Едмонтон, Калгарі" },
  { id: "America/Phoenix", en: "Phoenix", uk: "Фінікс" },
  {
    id: "America/Los_Angeles",
    en: "Los Angeles, San Francisco, Seattle",
    uk: "Лос-Анджелес, Сан-Франциско, Сіетл",
  },
  { id: "America/Vancouver", en: "Vancouver", uk: "Ванкувер" },
  { id: "America/Anchorage", en: "Anchorage", uk: "Анкоридж" },
  { id: "Pacific/Honolulu", en: "Honolulu", uk: "Гонолулу" },
  { id: "UTC", en: "UTC (no daylight saving)", uk: "UTC (без переходу на літній час)" },
];

/** Option labels are plain_text ≤ 75 characters. */
const LABEL_MAX = 75;

export function zoneLabel(id: string, language: Language): string {
  const zone = ZONES.find((z) => z.id === id);
  const cities = zone ? zone[language] : "";
  const label = cities && id !== "UTC" ? `${cities} — ${id}` : cities || id;
  return label.length <= LABEL_MAX ? label : `${label.slice(0, LABEL_MAX - 1)}…`;
}

/** The zones to offer: the curated list, with the physician's own zone first when it is not in it. */
export function zoneOptions(current: string, language: Language): { value: string; label: string }[] {
  const ids = ZONES.map((z) => z.id);
  if (isValidTimeZone(current) && !ids.includes(current)) ids.unshift(current);
  return ids.map((id) => ({ value: id, label: zoneLabel(id, language) }));
}

const fold = (s: string) =>
  s
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[’'`]/g, "")
    .replace(/[\s_-]+/g, " ")
    .trim();

/** Older and Russian-language spellings people still type. */
const ALIASES: Record<string, string> = {
  kiev: "Europe/Kyiv",
  киев: "Europe/Kyiv",
  kyiv: "Europe/Kyiv",
  odessa: "Europe/Kyiv",
  kharkov: "Europe/Kyiv",
  dnepr: "Europe/Kyiv",
  zaporizhzhia: "Europe/Kyiv",
  запоріжжя: "Europe/Kyiv",
  vinnytsia: "Europe/Kyiv",
  вінниця: "Europe/Kyiv",
  "ivano frankivsk": "Europe/Kyiv",
  "івано франківськ": "Europe/Kyiv",
  chernivtsi: "Europe/Kyiv",
  чернівці: "Europe/Kyiv",
  poltava: "Europe/Kyiv",
  полтава: "Europe/Kyiv",
  uzhhorod: "Europe/Kyiv",
  ужгород: "Europe/Kyiv",
};

/**
 * An IANA name, a city from the list (in English or Ukrainian), a known alias, or the last
 * part of any IANA zone ("Kathmandu" → Asia/Kathmandu). Undefined when nothing matches.
 */
export function resolveTimeZone(input: string): string | undefined {
  const raw = input.trim();
  if (raw === "") return undefined;
  if (raw.includes("/")) {
    const listed = ZONES.find((z) => z.id.toLowerCase() === raw.toLowerCase());
    if (listed) return listed.id;
    return isValidTimeZone(raw) ? raw : undefined;
  }
  if (raw.toUpperCase() === "UTC") return "UTC";
  const key = fold(raw);
  const alias = ALIASES[key];
  if (alias) return alias;
  for (const zone of ZONES) {
    const cities = [...zone.en.split(","), ...zone.uk.split(",")].map(fold);
    if (cities.includes(key)) return zone.id;
  }
  // Any other city IANA names: "kathmandu" → Asia/Kathmandu, "port moresby" → Pacific/Port_Moresby.
  if (!/^[a-z ]+$/.test(key)) return undefined;
  const city = key
    .split(" ")
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join("_");
  return REGIONS.map((region) => `${region}/${city}`).find(isValidTimeZone);
}

const REGIONS = ["Europe", "Asia", "America", "Africa", "Australia", "Pacific", "Atlantic", "Indian"];

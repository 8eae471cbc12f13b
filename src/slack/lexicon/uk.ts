/**
 * Ukrainian UI strings (the physician's working language). Same shape and escaping rules
 * as `en.ts`; plural forms via Intl.PluralRules("uk-UA") where a number meets a noun.
 */
import { decodeRefusal } from "../../publishers/refusal";
import { escapeMrkdwn as esc, slackLink } from "../mrkdwn";
import { en } from "./en";
import type { Lexicon } from "./types";
import { voiceUk } from "./voice-texts";

const PLATFORM = en.platform;
const LANGUAGE_IN = { en: "англійською", uk: "українською" } as const;
const RULES = new Intl.PluralRules("uk-UA");

/** "1 секунду", "2 секунди", "5 секунд" — forms: one, few, many. */
function plural(n: number, one: string, few: string, many: string): string {
  const category = RULES.select(n);
  return `${n} ${category === "one" ? one : category === "few" ? few : many}`;
}

function waitTime(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  return s < 60
    ? plural(s, "секунду", "секунди", "секунд")
    : plural(Math.ceil(s / 60), "хвилину", "хвилини", "хвилин");
}

export const uk: Lexicon = {
  locale: "uk-UA",
  platform: PLATFORM,
  language: en.language,
  voice: voiceUk,
  safety: {
    cardMark:
      "🛟 Тема безпечної комунікації: без деталей способів, з надією та закликом по допомогу; під час публікації додається рядок кризової лінії.",
  },
  readerLines: {
    sourcesHeading: "Джерела",
    crisis: ({ service, phone }) =>
      `Якщо у вас з’являються думки про самогубство чи самоушкодження, ви не самі. Зателефонуйте: ${service}, ${phone}.`,
    crisisGeneric:
      "Якщо у вас є думки про самогубство, зверніться за місцевим номером екстреної допомоги або на кризову лінію.",
  },
  settingsExtra: {
    countryLabel: "Країна ваших читачів",
    countryPlaceholder: "Оберіть країну",
    countryHint: "Визначає кризову лінію під дописами про самогубство, самоушкодження чи передозування.",
    countries: {
      UA: "Україна",
      US: "США",
      GB: "Велика Британія",
      CA: "Канада",
      IE: "Ірландія",
      AU: "Австралія",
      DE: "Німеччина",
      PL: "Польща",
    },
    countryOther: "Інша країна",
    crisisLineLabel: "Ваш рядок кризової лінії",
    crisisLinePlaceholder: "напр. Lifeline Ukraine: 7333",
    crisisLineHint:
      "Замінює лінію країни під дописами про самогубство, самоушкодження чи передозування. Вкажіть номер телефону або вебадресу.",
    disclaimerLabel: {
      telegram: "Застереження в Telegram",
      x: "Застереження в X",
      threads: "Застереження в Threads",
    },
    disclaimerHint: "Один рядок під кожним дописом на цій платформі; порожньо — без нього.",
    crisisLineTooLong: ({ max }) => `Рядок кризової лінії — не довше ${max} символів.`,
    crisisLineNoContact: "Додайте номер телефону або вебадресу, якими читачі зможуть скористатися.",
    disclaimerTooLong: ({ max }) => `Застереження — не довше ${max} символів.`,
  },
  check: {
    reasons: {
      unresolved_pmid: ({ detail }) => `${esc(detail)} не знайдено серед джерел цієї чернетки — приберіть`,
      unresolved_doi: ({ detail }) => `DOI ${esc(detail)} не знайдено серед джерел цієї чернетки — приберіть`,
      unresolved_url: ({ detail }) => `посилання ${esc(detail)} не є джерелом цієї чернетки`,
      missing_marker: ({ detail }) => `${esc(detail)} не вказує на жодне джерело`,
      cites_missing_evidence: ({ detail }) => `перевірка послалася на ${esc(detail)}, якого не існує`,
      number_not_in_evidence: ({ detail }) => `жодне джерело не містить ${esc(detail)}`,
      unit_mismatch: ({ detail }) => `у джерелах це число з іншою одиницею чи предметом, не ${esc(detail)}`,
      out_of_range: ({ detail }) => `${esc(detail)} виходить за межі, які дають джерела`,
      other_subject: ({ detail }) => `джерела наводять ${esc(detail)} щодо іншої речовини`,
      substance_not_in_evidence: ({ detail }) => `жодне джерело не згадує ${esc(detail)}`,
      attribution_unmatched: ({ detail }) => `«${esc(detail)}» не відповідає жодному джерелу`,
      vague_attribution: ({ detail }) => `«${esc(detail)}» без пронумерованого джерела`,
    },
    rulesOnly: "Перевірено лише правилами (числа, дози, ліки, посилання): ШІ-перевірка не відповіла",
    rulesEdit: "Вашу правку перевірено правилами (числа, дози, ліки, посилання)",
    blocked: ({ citations }) =>
      `🚫 Не можна опублікувати, доки чернетка посилається на джерела, яких не знаходили: ${esc(citations)}. Приберіть їх або згенеруйте наново.`,
    reviewedBy: ({ mention, count }) =>
      `Публікацію підтвердив(ла) ${mention}; неперевірених тверджень: ${count}`,
    reviewButton: "Переглянути",
    modal: {
      title: "Перевірка тверджень",
      submit: "Підтвердити",
      intro: ({ count }) =>
        `*Тверджень без підтвердження в джерелах: ${count}.* Перевірте кожне, перш ніж допис вийде від вашого імені.`,
      blockedIntro: ({ citations }) =>
        `*Чернетка посилається на джерела, яких не знаходили: ${esc(citations)}.* Її не можна опублікувати, доки ви їх не приберете (або не згенеруєте наново).`,
      ackLabel: "Ваше підтвердження",
      ackOption: ({ count }) => `Опублікувати від мого імені (неперевірених: ${count})`,
      ackHint: "Позначайте лише після того, як звірили кожне твердження вище з надійним джерелом.",
      whenLabel: "Коли",
      whenNow: "Опублікувати зараз",
      whenSchedule: "Запланувати на дату й час нижче",
      dateLabel: "Дата (для планування)",
      timeLabel: "Час (для планування)",
      timezoneHint: ({ timezone }) => `Час у поясі ${timezone}.`,
    },
    reply: {
      reviewFirst:
        "У цій чернетці є твердження, які треба спершу перевірити. Натисніть *Переглянути* на картці.",
      ackMissing: "Поставте позначку підтвердження, щоб опублікувати чернетку з неперевіреними твердженнями.",
      changed: "Чернетка змінилася, поки ви її переглядали. Відкрийте перевірку знову.",
      blocked: ({ citations }) =>
        `Не опубліковано: чернетка посилається на джерела, яких не знаходили (${esc(citations)}). Спершу приберіть їх.`,
      scheduleMissing: "Оберіть дату й час, щоб запланувати.",
    },
  },
  status: {
    queued: "У черзі",
    generating: "Пишеться",
    ready: "Готово",
    needs_review: "Потребує перевірки",
    scheduled: "Заплановано",
    publishing: "Публікується",
    published: "Опубліковано",
    failed: "Помилка",
    rejected: "Відхилено",
  },
  statusEmoji: en.statusEmoji,
  verdict: {
    supported: "підтверджено",
    unsupported: "не підтверджено джерелами",
    contradicted: "суперечить джерелам",
  },
  verdictEmoji: en.verdictEmoji,
  publication: {
    pending: "очікує",
    publishing: "публікується",
    published: "опубліковано",
    failed: "помилка",
    uncertain: "не підтверджено",
    waiting: "чекає на вас",
  },
  publishing: {
    limit: {
      x_window: "15-хвилинного ліміту X",
      x_daily: "денного ліміту X",
      threads_quota: "добового ліміту Threads",
      threads_rate: "ліміту запитів Threads",
      telegram_chat: "ліміту Telegram для каналу",
    },
    delayed: ({ limit, when }) => `⏳ Чекаю на скидання ${limit}; наступна спроба ${when}.`,
    part: ({ n }) => `частина ${n}`,
    liveParts: ({ links }) => `Уже опубліковано: ${links}`,
    outbox: ({ platform }) =>
      `${PLATFORM[platform]}: опубліковано в локальну скриньку (обліковий запис не налаштовано)`,
    button: {
      confirmLive: "Допис є",
      sendAgain: "Допису немає, надіслати",
      continueThread: "Продовжити ланцюжок",
      newThread: "Опублікувати новим ланцюжком",
      stop: "Зупинити",
      reschedule: "Змінити час",
      cancelSchedule: "Скасувати планування",
      preview: "Переглянути частини",
    },
    confirmStop: {
      title: "Зупинити ланцюжок?",
      text: "Опубліковані частини залишаться; решта не вийде. Можна відредагувати й опублікувати знову.",
      confirm: "Зупинити",
      deny: "Зачекати",
    },
    confirmCancelSchedule: {
      title: "Скасувати планування?",
      text: "Чернетка залишиться готовою; опублікуйте чи заплануйте її знову будь-коли.",
      confirm: "Скасувати планування",
      deny: "Залишити",
    },
    preview: {
      title: "Перегляд",
      partHeading: ({ n, total, length, limit }) => `Частина ${n} з ${total} · ${length}/${limit}`,
    },
  },
  stage: {
    style: "Підлаштовуюся під ваш стиль",
    evidence: "Збираю доказову базу",
    drafting: "Пишу чернетку",
    checking: "Перевіряю твердження",
    fitting: ({ platform }) => `Адаптую для ${PLATFORM[platform]}`,
  },
  stageMark: en.stageMark,
  versions: {
    menuOption: "Попередні версії",
    previewOption: "Переглянути частини",
    title: "Версії",
    heading: ({ version, current }) => `Версія ${version}${current ? " (поточна)" : ""}`,
    source: {
      generated: "написана для вас",
      regenerated: "написана ще раз",
      revised: "виправлена після перевірки",
      edited: "відредагована вами",
      manual: "ваш власний допис",
      rewritten: "швидка правка",
    },
    restore: "Відновити",
    note: "Відновлення повертає текст тієї версії разом із твердженнями й джерелами, з якими її перевіряли. Жодна версія не зникає.",
  },
  quickEdit: {
    placeholder: "Швидка правка…",
    option: {
      shorter: "Коротше",
      simpler: "Простіше для пацієнтів",
      formal: "Офіційніше",
      translate: "Перекласти",
      drop_flagged: "Прибрати позначені твердження",
    },
    translateTo: { en: "Перекласти англійською", uk: "Перекласти українською" },
  },
  refusal: {
    not_configured: ({ platform }) => `${PLATFORM[platform]} ще не під’єднано`,
    credentials: ({ platform }) => `${PLATFORM[platform]} не прийняв дані входу облікового запису`,
    reconnect: ({ platform }) => `${PLATFORM[platform]} більше не приймає вхід вашого облікового запису`,
    destination: ({ platform }) => `${PLATFORM[platform]} не дозволяє боту публікувати в канал`,
    duplicate: ({ platform }) => `у ${PLATFORM[platform]} уже є допис із точно таким текстом`,
    content: ({ platform }) => `${PLATFORM[platform]} не прийняв текст (форматування чи зміст)`,
    unreadable: ({ platform }) => `${PLATFORM[platform]} відповів так, що я не зміг прочитати відповідь`,
    other: ({ platform }) => `${PLATFORM[platform]} відмовив у публікації`,
  },
  refusalNextStep: {
    not_configured:
      "Під’єднайте свій обліковий запис у App Home («Ваші облікові записи») або попросіть адміністратора про обліковий запис клініки, а тоді знову натисніть «Опублікувати».",
    reconnect:
      "Натисніть «Під’єднати знову» (або App Home → «Ваші облікові записи»), а тоді знову натисніть «Опублікувати».",
    credentials:
      "Попросіть адміністратора повторно під’єднати обліковий запис, а тоді знову натисніть «Опублікувати».",
    destination:
      "Зробіть бота адміністратором каналу (або попросіть адміністратора), а тоді знову натисніть «Опублікувати».",
    duplicate: "Змініть текст через «Редагувати» й опублікуйте знову.",
    content: "Змініть текст через «Редагувати» й опублікуйте знову.",
    unreadable: "Перевірте обліковий запис, перш ніж публікувати знову, щоб допис не вийшов двічі.",
    other: "Спробуйте ще раз за кілька хвилин; якщо повториться — скажіть адміністраторові.",
  },
  button: {
    publish: "Опублікувати",
    publishNow: "Опублікувати зараз",
    schedule: "Запланувати",
    edit: "Редагувати",
    regenerate: "Згенерувати ще раз",
    reject: "Відхилити",
    retry: "Спробувати ще раз",
    open: "Відкрити",
    delete: "Видалити",
    newDraft: "Нова чернетка",
    manualPost: "Допис вручну",
    uploadGuideline: "Завантажити настанову",
    settings: "Налаштування",
    previous: "Назад",
    next: "Далі",
  },
  confirm: {
    reject: {
      title: "Відхилити чернетку?",
      text: "Чернетку не буде опубліковано, а кнопки під нею зникнуть.",
      confirm: "Відхилити",
      deny: "Залишити",
    },
    delete: {
      title: "Видалити чернетку?",
      text: "Вона зникне з вашого списку. Уже опубліковані дописи залишаться на платформах.",
      confirm: "Видалити",
      deny: "Скасувати",
    },
  },
  modal: {
    cancel: "Скасувати",
    close: "Закрити",
    platformPlaceholder: "Оберіть платформу",
    generate: {
      title: "Нова чернетка",
      submit: "Створити",
      topicLabel: "Тема",
      topicPlaceholder: "Напр.: гігієна сну при змінній роботі",
      platformLabel: "Платформа",
      sourceUrlLabel: "Посилання на джерело",
      sourceUrlPlaceholder: "https://…",
      sourceUrlHint: "Стаття, на яку має спиратися допис.",
      languageLabel: "Мова допису",
      languageAuto: "Як у темі",
    },
    edit: {
      title: "Редагування чернетки",
      submit: "Зберегти",
      textLabel: "Текст допису",
      textHint:
        "Зміни збережуться як нова версія. Твердження не перевіряються повторно автоматично; щоб перевірити їх знову, натисніть «Згенерувати ще раз».",
      textMoreLabel: "Текст допису (продовження)",
      textMoreHint: "Поле Slack вміщує 3000 символів; решта довшого допису — тут.",
      platformLabel: "Платформа",
    },
    schedule: {
      title: "Запланувати допис",
      submit: "Запланувати",
      dateLabel: "Дата",
      timeLabel: "Час",
      timezoneHint: ({ timezone }) =>
        `Час у вашому часовому поясі: ${timezone}. Змінити пояс можна в налаштуваннях.`,
    },
    manualPost: {
      title: "Допис вручну",
      submit: "Створити чернетку",
      textLabel: "Текст допису",
      textPlaceholder: "Напишіть допис саме так, як він має виглядати",
      platformLabel: "Платформа",
      dateLabel: "Дата",
      timeLabel: "Час",
      whenHint: ({ timezone }) =>
        `Оберіть дату й час, щоб запланувати (${timezone}). Так чи так допис прийде карткою у ваші повідомлення; нічого не вийде, доки ви не натиснете «Опублікувати» або не настане час.`,
    },
    uploadGuideline: {
      title: "Завантажити настанову",
      submit: "Завантажити",
      intro: "Додайте клінічну настанову до своєї бази знань: чернетки посилатимуться на неї як на джерело.",
      fileLabel: "Файл настанови",
      fileHint: "PDF, TXT або MD, до 10 МБ.",
    },
    settings: {
      title: "Налаштування",
      submit: "Зберегти",
      platformLabel: "Основна платформа",
      languageLabel: "Мова",
      timezoneLabel: "Часовий пояс",
      timezonePlaceholder: "Оберіть часовий пояс",
      timezoneHint: "Почніть вводити місто, напр. Київ.",
    },
    viewDraft: { title: "Чернетка" },
  },
  reply: {
    help: [
      "*Serotonin Script* готує дописи вашим голосом і перевіряє кожне медичне твердження.",
      "• `/draft &lt;тема&gt;` — чернетка для основної платформи",
      "• `/draft &lt;тема&gt; | telegram|x|threads` — чернетка для вказаної платформи",
      "• `/draft &lt;тема&gt; | x | uk` — … і вказаною мовою (uk або en)",
      "• `/draft` — відкрити форму (тема, платформа, посилання на джерело)",
      "• `/draft help` — ця довідка",
      "Хід роботи з’являтиметься в каналі, а готова чернетка прийде карткою: її можна опублікувати, запланувати, відредагувати, згенерувати ще раз або відхилити.",
    ].join("\n"),
    accepted: ({ topic, platform, language }) =>
      `Прийнято: готую допис для ${PLATFORM[platform]} ${LANGUAGE_IN[language]} на тему «${esc(topic)}». Хід роботи з’явиться в цьому каналі.`,
    topicTooLong: ({ max, length }) =>
      `Тема задовга (${plural(length, "символ", "символи", "символів")}). Будь ласка, вкладіться в ${max}.`,
    topicMissing: "Додайте тему, наприклад `/draft сон і депресія`. Усі можливості — у `/draft help`.",
    unknownPlatform: ({ given }) =>
      `Не знаю, що означає «${esc(given)}» після \`|\`. Вкажіть платформу (telegram, x або threads) та/або мову (uk чи en), кожну один раз.`,
    invalidUrl: "Посилання на джерело виглядає некоректним. Вкажіть публічну адресу http(s).",
    rateLimited: ({ retryAfterSeconds }) =>
      `Забагато запитів поспіль. Спробуйте ще раз через ${waitTime(retryAfterSeconds)}.`,
    notAllowed:
      "На жаль, Serotonin Script для вас тут не ввімкнено. Зверніться до адміністратора, щоб отримати доступ.",
    alreadyReceived: "Уже працюю: запит отримано, надсилати його вдруге не потрібно.",
    notOwner: "Це може зробити лише лікар, який замовив цю чернетку.",
    invalidState: ({ status }) =>
      `Ця чернетка має статус «${uk.status[status]}», тому ця дія вже недоступна.`,
    alreadyPublishing: "Ця чернетка вже публікується.",
    alreadyPublished: "Цю чернетку вже опубліковано; посилання — на картці.",
    quickEditNoChange:
      "Без мовної моделі мені більше нічого скоротити: текст і так короткий. Відредагуйте його самі або згенеруйте ще раз.",
    quickEditNeedsModel:
      "Для цієї швидкої правки потрібна мовна модель, а її тут не під’єднано. «Коротше» і «Прибрати позначені твердження» працюють без неї.",
    scheduleInPast: "Цей час уже минув. Оберіть час у майбутньому.",
    scheduleInvalid: "Оберіть і дату, і час.",
    scheduleNoSuchTime: ({ timezone }) =>
      `У поясі ${esc(timezone)} такого часу немає: його пропускають під час переходу на літній час. Оберіть інший час.`,
    draftNotFound: "Не вдалося знайти цю чернетку. Можливо, її видалено.",
    textEmpty: "Текст допису не може бути порожнім.",
    textTooLong: ({ max }) =>
      `Текст допису задовгий: максимум — ${plural(max, "символ", "символи", "символів")}.`,
    timezoneInvalid: "Оберіть часовий пояс зі списку (почніть вводити місто).",
    fileTooLarge: ({ maxMb }) => `Файл завеликий. Максимум — ${maxMb} МБ.`,
    fileWrongType: ({ allowed }) => `Такий тип файлу не підтримується. Дозволено: ${esc(allowed)}.`,
    fileNameInvalid: "Таку назву файлу використати не можна. Перейменуйте файл і спробуйте ще раз.",
    fileMissing: "Додайте файл.",
    uploadQueued: ({ name }) => `Додаю «${esc(name)}» до вашої бази знань…`,
    uploadDone: ({ name, chunks }) =>
      `«${esc(name)}» додано до бази знань (проіндексовано фрагментів: ${chunks}).`,
    uploadFailed: ({ name, reason }) => `Не вдалося додати «${esc(name)}»: ${esc(reason)}`,
    publishQueued: ({ platform }) => `Публікую в ${PLATFORM[platform]}…`,
    scheduled: ({ when }) => `Заплановано на ${esc(when)}.`,
    rejected: "Чернетку відхилено.",
    deleted: "Чернетку видалено.",
    regenerating: "Пишу нову версію…",
    retrying: "Пробую ще раз…",
    settingsSaved: "Налаштування збережено.",
    genericError: "Щось пішло не так з мого боку. Спробуйте ще раз за хвилину.",
  },
  reason: {
    edited: () => "Відредаговано вами; твердження повторно не перевірялися.",
    edited_checked: () => "Відредаговано вами; правила не знайшли, що перевіряти.",
    edited_needs_review: () => "Ви відредагували текст; правила перевірили його знову.",
    scheduled_unreviewed: () => "Не опубліковано в запланований час: спершу перевірте твердження.",
    review_required: () => "Не опубліковано: спершу перевірте твердження (кнопка «Переглянути»).",
    claims_need_review: (n) => `Твердження, які потребують вашої перевірки: ${n}.`,
    generation_failed: () =>
      "Я не зміг написати цю чернетку. Нічого не опубліковано. Натисніть «Спробувати ще раз».",
    generation_exhausted: () =>
      "Я не зміг написати цю чернетку: мовна модель чи інший потрібний сервіс не відповідали кілька спроб поспіль. Нічого не опубліковано. Натисніть «Спробувати ще раз».",
    generation_stuck: () =>
      "Я не зміг завершити цю чернетку: робота кілька разів переривалася. Нічого не опубліковано. Натисніть «Спробувати ще раз».",
    generation_retrying: () => "Пробую ще раз.",
    llm_rejected: () =>
      "Я не зміг написати цю чернетку: мовна модель відхилила запит. Нічого не опубліковано, команду вже сповіщено. Натисніть «Спробувати ще раз».",
    no_llm: () =>
      "Я не зміг написати цю чернетку: мовну модель не під’єднано. Нічого не опубліковано. Зверніться до адміністратора.",
    not_queued: () => "Я не зміг почати цю чернетку. Нічого не опубліковано. Натисніть «Спробувати ще раз».",
    publish_refused: (detail) => {
      const r = decodeRefusal(detail);
      if (!r) return `Не опубліковано: ${detail}`;
      const live =
        r.live === 0
          ? r.cause === "unreadable"
            ? "Невідомо, чи допис вийшов."
            : "Нічого не вийшло."
          : r.total > 0
            ? `Опубліковано частин: ${r.live} з ${r.total}; решта не вийшла.`
            : `Опубліковано частин: ${r.live}; решта не вийшла.`;
      return `Не опубліковано в ${PLATFORM[r.platform]}: ${uk.refusal[r.cause]({ platform: r.platform })}. ${live} ${uk.refusalNextStep[r.cause]}`;
    },
    publish_exhausted: () =>
      "Не опубліковано: платформа не відповідала кілька спроб поспіль. Спробуйте ще раз за кілька хвилин; якщо повториться — скажіть адміністраторові.",
    publish_stuck: () =>
      "Не опубліковано: публікація зупинилася, не завершившись. Спробуйте ще раз; якщо повториться — скажіть адміністраторові.",
    publish_delayed: (limit) =>
      `Чекаю на скидання ${uk.publishing.limit[limit as keyof typeof uk.publishing.limit] ?? esc(String(limit))}.`,
    publish_uncertain: (detail) => {
      const [part = "", account] = String(detail).split(" ");
      const check = account ? slackLink(account, "Перевірте обліковий запис") : "Перевірте обліковий запис";
      return `Я не зміг підтвердити, що частина ${esc(part).replace("/", " з ")} вийшла. ${check} і дайте знати нижче.`;
    },
    publish_changed: (n) =>
      `Уже опубліковано частин: ${n}, а текст відтоді змінився. Продовжити ланцюжок після них, опублікувати весь текст новим ланцюжком чи зупинитися?`,
    publish_stopped: (n) => `Зупинено вами; опубліковано частин: ${n}.`,
    scheduled_missed: (minutes) =>
      `Не опубліковано: час настав ${Math.round(Number(minutes) / 60)} год тому, коли сервіс не працював. Опублікуйте зараз або заплануйте знову.`,
    scheduled_not_allowed: () =>
      "Не опубліковано в запланований час: ваш обліковий запис більше не має доступу до застосунку. Зверніться до адміністратора.",
    scheduled_account_gone: (detail) =>
      `Більше не заплановано: ви від’єднали ${esc(String(detail))}, обліковий запис, куди мав вийти допис. Оберіть, куди публікувати (під’єднайте обліковий запис), а тоді заплануйте чи опублікуйте.`,
    publish_not_queued: () => "Не вдалося поставити публікацію в чергу. Спробуйте ще раз.",
    restored: (n) => `Ви відновили версію ${n}.`,
    upload_unreadable: () => "Slack не дозволив прочитати файл (перевірте доступ застосунку до файлів).",
    upload_exhausted: () => "Не вдалося проіндексувати завантажений файл після кількох спроб.",
  },
  card: {
    fallback: ({ topic, platform, status }) =>
      `${uk.statusEmoji[status]} Чернетка для ${PLATFORM[platform]}: ${esc(topic)} (${uk.status[status]})`,
    offlineDraftLabel: "Офлайн-чернетка — мовну модель не під’єднано; складено з вашої бази знань",
    orderedBy: ({ mention }) => `Запит від ${mention}`,
    version: ({ version }) => `версія ${version}`,
    length: ({ count, limit }) => `${count} з ${limit} знаків`,
    threadLength: ({ parts, longest, limit }) =>
      `${plural(parts, "допис", "дописи", "дописів")} · найдовший ${longest} з ${limit}`,
    overLimit: "понад ліміт",
    evidenceNote: ({ note }) => `Доказова база: ${esc(note)}`,
    evidenceNotes: {
      knowledge_unavailable: "Цього разу базу знань не вдалося переглянути, тож її не враховано.",
      style_unavailable:
        "Цього разу ваші попередні дописи не вдалося переглянути, тож чернетку не підлаштовано під ваш стиль.",
      pubmed_unavailable: "PubMed був недоступний, тож чернетка спирається лише на базу знань.",
      source_unavailable: "Посилання на джерело не вдалося прочитати, тому його не враховано.",
      no_evidence: "Відповідних джерел не знайдено; чернетка уникає медичних тверджень.",
    },
    claimsClean: ({ count }) =>
      count === 1
        ? "✅ Єдине твердження підтверджене джерелами."
        : `✅ Усі твердження (${count}) підтверджені джерелами.`,
    claimsUnchecked: ({ count }) =>
      `Відповідних джерел не знайдено, тож твердження (${count}) не вдалося звірити з джерелами.`,
    noClaims: "Медичних тверджень для перевірки немає.",
    noClaimsCited: "Твердження тексту взято з пронумерованих джерел; окремо їх не перевіряли.",
    sourcesHeading: "Джерела",
    knowledgeSource: "база знань",
    claimsHeading: "Твердження",
    more: ({ count }) => `і ще ${count}`,
    detailsCollapsed: ({ count }) =>
      `Тверджень, що потребують перевірки: ${count}. Подробиці приховано через обмеження Slack — текст видно у вікні «Редагувати».`,
    textShortened: "Тут текст скорочено через обмеження Slack; повний текст — у вікні «Редагувати».",
    emptyText: "(тексту ще немає)",
    publicationsHeading: "Публікації",
    viewPost: "Переглянути допис",
    publicationFailed: ({ platform, error }) => `${PLATFORM[platform]}: помилка — ${esc(error)}`,
    publicationPending: ({ platform, status }) => `${PLATFORM[platform]}: ${uk.publication[status]}`,
    publicationDone: ({ platform }) => `${PLATFORM[platform]}: опубліковано`,
    statusQueued: "⏳ У черзі",
    statusGenerating: "✍️ Пишу чернетку…",
    statusReady: ({ reason }) => `✅ *Готово до публікації*${reason ? ` — ${esc(reason)}` : ""}`,
    statusNeedsReview: ({ open, total, reason }) => {
      const claims =
        open === 0
          ? ""
          : `: без підтвердження в джерелах — ${open} з ${plural(total, "твердження", "тверджень", "тверджень")} (нижче)`;
      return `⚠️ *Потребує вашої перевірки*${claims}.${reason ? ` ${esc(reason)}` : ""}`;
    },
    statusRetrying: ({ attempt, max, cause, when }) =>
      `🔁 *Пробую ще раз (${attempt} з ${max})* — ${uk.retryCause[cause]}.${when ? ` Наступна спроба: ${esc(when)}.` : ""} Нічого не втрачено.`,
    statusScheduled: ({ when }) => `🗓️ Заплановано на ${esc(when)}`,
    statusPublishing: "📤 Публікую…",
    statusPublished: "🚀 Опубліковано",
    statusFailed: ({ reason }) =>
      `❌ ${reason ? esc(reason) : "*Не вдалося.* Натисніть «Спробувати ще раз»."}`,
    statusNotPublished: ({ reason }) => `❌ ${esc(reason)}`,
    statusRejected: "🚫 Відхилено",
  },
  progress: {
    fallback: ({ topic }) => `✍️ Готую чернетку: ${esc(topic)}`,
    heading: ({ platform }) => `Готую допис для ${PLATFORM[platform]}`,
    rewriting: ({ edit }) => `Швидка правка: ${esc(edit.toLowerCase())}`,
    retrying: ({ attempt, max, cause }) =>
      `🔁 Спроба ${attempt} з ${max} — минулого разу ${uk.retryCause[cause]}.`,
    detail: {
      styleFound: ({ count }) => `${plural(count, "ваш допис", "ваші дописи", "ваших дописів")}`,
      styleNone: "попередніх дописів ще немає — пишу нейтрально",
      styleSkipped: "ваші попередні дописи не вдалося переглянути — пишу нейтрально",
      evidenceFound: ({ count }) => plural(count, "джерело", "джерела", "джерел"),
      evidenceNone: "відповідних джерел немає",
      checkClean: ({ count }) =>
        `${plural(count, "твердження", "твердження", "тверджень")}, усі підтверджені джерелами`,
      checkNone: "медичних тверджень немає",
      checkReview: ({ count }) =>
        `${plural(count, "твердження", "твердження", "тверджень")} для вашої перевірки`,
      fitParts: ({ count }) => plural(count, "допис", "дописи", "дописів"),
    },
  },
  retryCause: {
    llm: "мовна модель не відповіла",
    service: "потрібний сервіс не відповів",
  },
  failure: {
    fallback: ({ topic }) => `❌ Не вдалося підготувати чернетку: ${esc(topic)}`,
  },
  home: {
    header: "Serotonin Script",
    greeting: ({ name }) => (name ? `Вітаю, ${esc(name)}!` : "Вітаю!"),
    needsYou: ({ count }) =>
      count === 0
        ? "Зараз нічого не чекає на вас."
        : `${plural(count, "чернетка чекає", "чернетки чекають", "чернеток чекають")} на вас — угорі.`,
    settingsSummary: ({ platform, language, timezone }) =>
      `Основна платформа: ${PLATFORM[platform]} · Мова: ${uk.language[language]} · Часовий пояс: ${esc(timezone)}`,
    sectionHeading: {
      needs_review: ({ count }) => `⚠️ Потребують вашої перевірки · ${count}`,
      failed: ({ count }) => `❌ Не вдалося · ${count}`,
      ready: ({ count }) => `✅ Готові до публікації · ${count}`,
      scheduled: ({ count }) => `🗓️ Заплановані · ${count}`,
      working: ({ count }) => `✍️ У роботі · ${count}`,
      published: ({ count }) => `🚀 Опубліковані · ${count}`,
      rejected: ({ count }) => `🚫 Відхилені · ${count}`,
    },
    empty:
      "Чернеток ще немає. Напишіть `/draft &lt;тема&gt;` у будь-якому каналі або натисніть *Нова чернетка*.",
    created: ({ when }) => `створено ${esc(when)}`,
    scheduledFor: ({ when }) => `вийде ${esc(when)}`,
    publishedOn: ({ when }) => `опубліковано ${esc(when)}`,
    notWritten: "чернетку не вдалося написати — відкрийте, щоб спробувати ще раз",
    notPublished: "не опубліковано — відкрийте, щоб побачити, чому",
    awaitingAnswer: "публікація чекає на вашу відповідь — відкрийте",
    showing: ({ from, to, total }) => `${from}–${to} з ${total}`,
    deleteOption: "Видалити…",
    cancelScheduleOption: "Скасувати планування…",
  },
  accounts: {
    header: "Ваші облікові записи",
    own: ({ platform, handle }) => `*${PLATFORM[platform]}* → ${esc(handle)}`,
    needsReconnect: ({ platform, handle, why }) =>
      `*${PLATFORM[platform]}* → ${esc(handle)} · ⚠️ треба під’єднати знову: ${esc(why)}`,
    viaClinic: ({ platform, label }) =>
      `*${PLATFORM[platform]}* → ${esc(label)} · під’єднайте свій, щоб публікувати туди`,
    none: ({ platform }) => `*${PLATFORM[platform]}* · не під’єднано`,
    offered: ({ title }) => `📣 Бота додано до *${esc(title)}*. Публікувати ваші дописи Telegram туди?`,
    profile: "відкрити",
    connect: "Під’єднати",
    reconnect: "Під’єднати знову",
    test: "Перевірити",
    disconnect: "Від’єднати",
    useChannel: "Використати цей канал",
    disconnectConfirm: ({ handle, scheduled }) => ({
      title: "Від’єднати?",
      text:
        scheduled > 0
          ? `Заплановані дописи (${scheduled}) мають вийти в ${handle}. Після від’єднання вони повернуться до вас незапланованими, і нікуди інше не вийдуть. Від’єднати ${handle}?`
          : `Дописи більше не виходитимуть у ${handle}. Від’єднати?`,
      confirm: "Від’єднати",
      deny: "Залишити",
    }),
    continueTo: ({ platform }) => `Перейти до ${PLATFORM[platform]}`,
    oauthSteps: ({ platform }) =>
      `Натисніть кнопку, увійдіть у ${PLATFORM[platform]} і дозвольте Serotonin Script публікувати від вашого імені. Посилання діє один раз, 10 хвилин.`,
    oauthOff: ({ platform }) =>
      `Під’єднання власного облікового запису ${PLATFORM[platform]} ще не налаштовано. Зверніться до адміністратора.`,
    telegramSteps: ({ code, bot }) =>
      [
        `1. ${bot ? `Відкрийте ${esc(bot)} і натисніть *Start*` : "Відкрийте бота продукту в Telegram"} або надішліть йому код: \`${esc(code)}\` (діє 30 хвилин).`,
        "2. Додайте бота до свого каналу адміністратором із правом публікувати дописи.",
        "3. Канал з’явиться тут, у «Ваші облікові записи», лише для вас.",
      ].join("\n"),
    openBot: "Відкрити бота",
    telegramOff: "Telegram ще не налаштовано (бот продукту та його вебхук). Зверніться до адміністратора.",
    connected: ({ handle }) => `✅ Під’єднано: ваші дописи виходитимуть у ${esc(handle)}.`,
    notOffered: "Цей канал вам недоступний. Додайте бота до нього самі, надіславши йому свій код.",
    cannotPost: ({ title }) =>
      `Бот не може публікувати в *${esc(title)}*: зробіть його адміністратором із правом публікувати, і спробуйте знову.`,
    tested: ({ handle }) => `✅ ${esc(handle)} працює: Serotonin Script може туди публікувати.`,
    testFailed: ({ handle, why }) => `❌ ${esc(handle)} не працює: ${esc(why)}`,
    disconnected: ({ platform, handle }) => `${PLATFORM[platform]}: ${esc(handle)} від’єднано.`,
    cardTarget: ({ handle }) => `→ ${esc(handle)}`,
    cardNoTarget: ({ platform }) => `→ обліковий запис ${PLATFORM[platform]} не під’єднано`,
    connectedDm: ({ platform, handle }) =>
      `✅ Обліковий запис ${PLATFORM[platform]} ${esc(handle)} під’єднано: ваші дописи ${PLATFORM[platform]} тепер виходять туди. Це були не ви? Від’єднайте його в App Home («Ваші облікові записи»).`,
    revoked: ({ handle }) =>
      `⚠️ Threads більше не дозволяє Serotonin Script публікувати як ${esc(handle)} (доступ скасовано). Під’єднайте його знову в App Home («Ваші облікові записи» → «Під’єднати знову»), щоб знову туди публікувати.`,
    expiring: ({ handle, when }) =>
      `⚠️ Обліковий запис Threads ${esc(handle)} не вдалося поновити автоматично, і він перестане працювати ${esc(when)}. Під’єднайте його знову в App Home («Ваші облікові записи» → «Під’єднати знову»), щоб дописи й далі виходили.`,
  },
};

/**
 * Drug and substance names the claim check recognises, English and Ukrainian spellings
 * mapped to one canonical name, so "сертралін" in a draft is found in English evidence
 * that says "sertraline". Drug classes are their own entries: a draft naming a class
 * needs evidence naming that class.
 */

/** canonical name → word stems that name it (matched at a word start). */
const SUBSTANCES: Record<string, string[]> = {
  caffeine: ["caffein", "кофеїн"],
  alcohol: ["alcohol", "алкогол"],
  nicotine: ["nicotin", "нікотин"],
  melatonin: ["melatonin", "мелатонін"],
  sertraline: ["sertralin", "сертралін"],
  fluoxetine: ["fluoxetin", "флуоксетин"],
  escitalopram: ["escitalopram", "есциталопрам"],
  citalopram: ["citalopram", "циталопрам"],
  paroxetine: ["paroxetin", "пароксетин"],
  fluvoxamine: ["fluvoxamin", "флувоксамін"],
  venlafaxine: ["venlafaxin", "венлафаксин"],
  duloxetine: ["duloxetin", "дулоксетин"],
  bupropion: ["bupropion", "бупропіон"],
  mirtazapine: ["mirtazapin", "міртазапін"],
  trazodone: ["trazodon", "тразодон"],
  agomelatine: ["agomelatin", "агомелатин"],
  vortioxetine: ["vortioxetin", "вортіоксетин"],
  amitriptyline: ["amitriptylin", "амітриптилін"],
  diazepam: ["diazepam", "діазепам"],
  lorazepam: ["lorazepam", "лоразепам"],
  alprazolam: ["alprazolam", "алпразолам"],
  clonazepam: ["clonazepam", "клоназепам"],
  zolpidem: ["zolpidem", "золпідем"],
  zopiclone: ["zopiclon", "зопіклон"],
  quetiapine: ["quetiapin", "кветіапін"],
  olanzapine: ["olanzapin", "оланзапін"],
  risperidone: ["risperidon", "рисперидон"],
  aripiprazole: ["aripiprazol", "арипіпразол"],
  haloperidol: ["haloperidol", "галоперидол"],
  clozapine: ["clozapin", "клозапін"],
  lithium: ["lithium", "літі[йюя]"],
  lamotrigine: ["lamotrigin", "ламотриджин"],
  valproate: ["valpro", "вальпро"],
  carbamazepine: ["carbamazepin", "карбамазепін"],
  methylphenidate: ["methylphenidat", "метилфенідат"],
  atomoxetine: ["atomoxetin", "атомоксетин"],
  amphetamine: ["amphetamin", "lisdexamfetamin", "амфетамін", "лісдексамфетамін"],
  ketamine: ["ketamin", "esketamin", "кетамін", "ескетамін"],
  naltrexone: ["naltrexon", "налтрексон"],
  buprenorphine: ["buprenorphin", "бупренорфін"],
  methadone: ["methadon", "метадон"],
  gabapentin: ["gabapentin", "габапентин"],
  pregabalin: ["pregabalin", "прегабалін"],
  hydroxyzine: ["hydroxyzin", "гідроксизин"],
  propranolol: ["propranolol", "пропранолол"],
  buspirone: ["buspiron", "буспірон"],
  "omega-3": ["omega-3", "омега-3"],
  "vitamin D": ["vitamin d", "вітамін[ау]? d", "вітамін[ау]? д"],
  magnesium: ["magnesium", "магні[йюя]"],
  "St John's wort": ["st john", "звіробій", "звіробо"],
  cannabis: ["cannabi", "cbd", "thc", "марихуан", "канабі"],
  ashwagandha: ["ashwagandha", "ашваганд"],
  glycine: ["glycine", "гліцин"],
  valerian: ["valerian", "валеріан"],
  "L-theanine": ["l-theanine", "theanine", "теанін", "l-теанін"],
  chamomile: ["chamomile", "ромашк"],
  lavender: ["lavender", "silexan", "лаванд"],
  kava: ["kava", "кава-кава"],
  passionflower: ["passionflower", "passiflora", "пасифлор"],
  "5-HTP": ["5-htp", "5-гідрокситриптофан"],
  tryptophan: ["tryptophan", "триптофан"],
  saffron: ["saffron", "шафран"],
  rhodiola: ["rhodiola", "родіол"],
  ginseng: ["ginseng", "женьшен"],
  ginkgo: ["ginkgo", "гінкго"],
  phenibut: ["phenibut", "фенібут"],
  afobazole: ["afobazol", "афобазол"],
  corvalol: ["corvalol", "valocordin", "корвалол", "валокордин"],
  doxylamine: ["doxylamin", "доксиламін"],
  diphenhydramine: ["diphenhydramin", "димедрол", "дифенгідрамін"],
  barbiturates: ["barbiturat", "барбітурат"],
  "folic acid": ["folic acid", "folate", "фолієв\\p{L}* кислот", "фолат"],
  iron: ["iron supplement", "залізо", "препарат\\p{L}* заліза"],
  probiotics: ["probiotic", "пробіотик"],
  psilocybin: ["psilocybin", "псилоцибін"],
  MDMA: ["mdma"],
  modafinil: ["modafinil", "модафініл"],
  clonidine: ["clonidin", "клонідин"],
  guanfacine: ["guanfacin", "гуанфацин"],
  SSRIs: ["ssri", "selective serotonin reuptake", "сіззс", "селективн\\p{L}* інгібітор\\p{L}* зворотного"],
  SNRIs: ["snri", "сіззсн"],
  benzodiazepines: ["benzodiazepin", "бензодіазепін"],
  antidepressants: ["antidepressant", "антидепресант"],
  antipsychotics: ["antipsychotic", "антипсихотик", "нейролептик"],
  stimulants: ["stimulant medication", "психостимулятор"],
  opioids: ["opioid", "опіоїд"],
  antihistamines: ["antihistamin", "антигістамін"],
};

// Built on first use, not at module load: ~90 Unicode regexes cost the Worker's cold start
// about 18 ms (npm run bench), and only the claim check needs them.
let patterns: [string, RegExp][] | undefined;
function substancePatterns(): [string, RegExp][] {
  patterns ??= Object.entries(SUBSTANCES).map(([name, stems]) => [
    name,
    new RegExp(`(?<![\\p{L}\\p{N}])(?:${stems.join("|")})`, "iu"),
  ]);
  return patterns;
}

/** A class is named by evidence that names one of its members (not the other way round). */
const MEMBERS: Record<string, string[]> = {
  SSRIs: ["sertraline", "fluoxetine", "escitalopram", "citalopram", "paroxetine", "fluvoxamine"],
  SNRIs: ["venlafaxine", "duloxetine"],
  benzodiazepines: ["diazepam", "lorazepam", "alprazolam", "clonazepam"],
  antipsychotics: ["quetiapine", "olanzapine", "risperidone", "aripiprazole", "haloperidol", "clozapine"],
  stimulants: ["methylphenidate", "amphetamine"],
  opioids: ["buprenorphine", "methadone"],
  antidepressants: [
    "SSRIs",
    "SNRIs",
    "sertraline",
    "fluoxetine",
    "escitalopram",
    "citalopram",
    "paroxetine",
    "fluvoxamine",
    "venlafaxine",
    "duloxetine",
    "bupropion",
    "mirtazapine",
    "trazodone",
    "agomelatine",
    "vortioxetine",
    "amitriptyline",
  ],
};

/** True when evidence naming `found` speaks about `named`. */
export function namesSubstance(named: string, found: string[]): boolean {
  return found.includes(named) || (MEMBERS[named] ?? []).some((member) => found.includes(member));
}

/** Canonical names of the substances `text` mentions. */
export function substancesIn(text: string): string[] {
  return substancePatterns()
    .filter(([, pattern]) => pattern.test(text))
    .map(([name]) => name);
}

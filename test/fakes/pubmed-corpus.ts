// TEST DATA — NOT REAL PAPERS. Built-in articles served by the PubMed fake.
// Every record here is fictional: invented PMIDs (90000001–90000099, outside the range real
// PubMed uses today), invented authors, invented journals, and DOIs under the Crossref test
// prefix 10.5555. The summaries are written to be plausible so search/citation code has
// something realistic to chew on; they must never be cited as evidence.
import type { PubmedArticle } from "./types.js";

export const PUBMED_CORPUS: readonly PubmedArticle[] = [
  {
    pmid: "90000001",
    title: "Cognitive behavioral therapy for insomnia in adults: a fictional randomized trial",
    abstract:
      "BACKGROUND: Cognitive behavioral therapy for insomnia (CBT-I) is recommended as first-line treatment for chronic insomnia. " +
      "METHODS: In this fictional test record, adults with chronic insomnia were randomized to six sessions of CBT-I or sleep hygiene education. " +
      "RESULTS: The CBT-I group reported shorter sleep onset latency and fewer night awakenings at eight weeks. " +
      "CONCLUSIONS: CBT-I improved sleep outcomes compared with sleep hygiene education alone.",
    journal: "Fictional Journal of Sleep Medicine",
    journalAbbrev: "Fict J Sleep Med",
    year: 2021,
    month: "Mar",
    authors: ["Testova O", "Fakeson J", "Placeholder-Kim S"],
    pubTypes: ["Journal Article", "Randomized Controlled Trial"],
    doi: "10.5555/fake.90000001",
  },
  {
    pmid: "90000002",
    title: "Digital CBT-I versus sleep medication for chronic insomnia: a fictional meta-analysis",
    abstract:
      "This fictional meta-analysis pooled trials comparing digital cognitive behavioral therapy for insomnia with hypnotic medication. " +
      "Digital CBT-I produced durable improvements in insomnia severity, while benefits of medication faded after discontinuation.",
    journal: "Fictional Reviews in Sleep Research",
    journalAbbrev: "Fict Rev Sleep Res",
    year: 2022,
    month: "Jun",
    authors: ["Mockley R", "Stubbs AB"],
    pubTypes: ["Journal Article", "Meta-Analysis", "Systematic Review"],
    doi: "10.5555/fake.90000002",
  },
  {
    pmid: "90000003",
    title: "Cognitive behavioral therapy for generalized anxiety disorder: a fictional systematic review",
    abstract:
      "Generalized anxiety disorder (GAD) is characterised by persistent, excessive worry. " +
      "This fictional review summarises trials in which cognitive behavioral therapy (CBT) reduced worry and anxiety symptoms, " +
      "with effects maintained at twelve-month follow-up.",
    journal: "Fictional Journal of Anxiety Disorders",
    journalAbbrev: "Fict J Anxiety Disord",
    year: 2020,
    month: "Sep",
    authors: ["Dummett L", "Testova O"],
    pubTypes: ["Journal Article", "Systematic Review"],
    doi: "10.5555/fake.90000003",
  },
  {
    pmid: "90000004",
    title:
      "SSRIs for generalized anxiety disorder: efficacy and tolerability in a fictional network meta-analysis",
    abstract:
      "Selective serotonin reuptake inhibitors (SSRIs) are a first-line pharmacological option for generalized anxiety disorder. " +
      "In this fictional network meta-analysis, SSRIs outperformed placebo on anxiety rating scales; nausea and sleep disturbance " +
      "were the most frequent adverse effects.",
    journal: "Fictional Psychopharmacology Reports",
    journalAbbrev: "Fict Psychopharmacol Rep",
    year: 2019,
    month: "Mar",
    authors: ["Sampleton K", "Mockley R", "Ficticio M"],
    pubTypes: ["Journal Article", "Meta-Analysis"],
    doi: "10.5555/fake.90000004",
  },
  {
    pmid: "90000005",
    title: "Aerobic exercise as treatment for mild to moderate depression: a fictional randomized trial",
    abstract:
      "Adults with mild to moderate depression were randomized to supervised aerobic exercise three times weekly or usual care. " +
      "In this fictional test record, exercise reduced depressive symptoms at twelve weeks and improved self-reported mood.",
    journal: "Fictional Journal of Affective Medicine",
    journalAbbrev: "Fict J Affect Med",
    year: 2023,
    month: "Jan",
    authors: ["Fakeson J", "Dummett L"],
    pubTypes: ["Journal Article", "Randomized Controlled Trial"],
    doi: "10.5555/fake.90000005",
  },
  {
    pmid: "90000006",
    title: "SSRIs versus placebo in major depression: a fictional pooled analysis of response rates",
    abstract:
      "This fictional pooled analysis examined selective serotonin reuptake inhibitors (SSRIs) in major depressive disorder. " +
      "Response rates favoured SSRIs over placebo, with larger differences in more severe depression.",
    journal: "Fictional Psychopharmacology Reports",
    journalAbbrev: "Fict Psychopharmacol Rep",
    year: 2018,
    month: "Nov",
    authors: ["Ficticio M", "Sampleton K"],
    pubTypes: ["Journal Article", "Meta-Analysis"],
    doi: "10.5555/fake.90000006",
  },
  {
    pmid: "90000007",
    title: "Evening caffeine intake and sleep: a fictional crossover study",
    abstract:
      "Healthy adults received caffeine or placebo at different times before bedtime. " +
      "In this fictional crossover study, caffeine taken six hours before bed still shortened total sleep time and reduced sleep quality.",
    journal: "Fictional Journal of Sleep Medicine",
    journalAbbrev: "Fict J Sleep Med",
    year: 2020,
    month: "Feb",
    authors: ["Stubbs AB", "Placeholder-Kim S"],
    pubTypes: ["Journal Article", "Randomized Controlled Trial"],
    doi: "10.5555/fake.90000007",
  },
  {
    pmid: "90000008",
    title: "Coffee consumption, caffeine and insomnia symptoms: a fictional cohort study",
    abstract:
      "This fictional cohort followed adults reporting daily coffee consumption. Higher caffeine intake was associated with " +
      "more insomnia symptoms and later sleep onset, particularly in older participants.",
    journal: "Fictional Epidemiology of Sleep",
    journalAbbrev: "Fict Epidemiol Sleep",
    year: 2021,
    month: "Aug",
    authors: ["van der Testen AB", "Mockley R"],
    pubTypes: ["Journal Article", "Observational Study"],
    doi: "10.5555/fake.90000008",
  },
  {
    pmid: "90000009",
    title: "Physical activity and mood in the general population: a fictional review of exercise studies",
    abstract:
      "Regular physical activity is associated with better mood and lower risk of depression and anxiety. " +
      "This fictional narrative review summarises exercise studies and discusses dose, intensity and adherence.",
    journal: "Fictional Reviews in Behavioral Health",
    journalAbbrev: "Fict Rev Behav Health",
    year: 2022,
    month: "Oct",
    authors: ["Dummett L", "Fakeson J", "Testova O"],
    pubTypes: ["Journal Article", "Review"],
    doi: "10.5555/fake.90000009",
  },
  {
    pmid: "90000010",
    title: "Sleep deprivation, anxiety and next-day mood: a fictional experimental study",
    abstract:
      "Participants underwent one night of sleep deprivation and one night of normal sleep. " +
      "In this fictional experiment, sleep loss increased next-day anxiety and lowered mood ratings, " +
      "suggesting that sleep is a modifiable target in anxiety disorders.",
    journal: "Fictional Journal of Affective Medicine",
    journalAbbrev: "Fict J Affect Med",
    year: 2024,
    month: "Apr",
    authors: ["Placeholder-Kim S", "Ficticio M"],
    pubTypes: ["Journal Article"],
    doi: "10.5555/fake.90000010",
  },
];

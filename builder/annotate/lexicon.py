"""General-English word lists used by the claim rules.

Nothing here is specific to a conflict, a country or a corpus: conflict vocabulary (actors, place
names, loaded terms) lives in the gazetteer and framing lexicon under ``raw/``.
"""

from __future__ import annotations

#: Verbs (inflected forms) that report speech, writing or a stance taken in public.
REPORTING_VERBS: frozenset[str] = frozenset(
    """
    said says say stated states noted notes added adds stressed stresses emphasized emphasised emphasizes
    emphasises underlined underlines claimed claims argued argues told tells announced announces reported
    reports declared declares insisted insists warned warns wrote writes confirmed confirms assured assures
    denied denies accused accuses condemned condemns criticized criticised criticizes criticises alleged
    alleges asserted asserts maintained maintains explained explains highlighted highlights recalled recalls
    believes believed thinks thought expressed expresses urged urges demanded demands replied replies
    responded responds acknowledged acknowledges admitted admits suggested suggests predicted predicts
    estimated estimates revealed reveals disclosed discloses informed informs mentioned mentions commented
    comments observed observes protested protests praised praises welcomed welcomes regretted regrets
    complained complains promised promises vowed vows pledged pledges threatened threatens tweeted tweets
    posted posts concluded concludes reads read reiterated reiterates affirmed affirms contended contends
    charged charges blamed blames described describes called calls appealed appeals denounced denounces
    deplored deplores rejected rejects asked asks
    """.split()
)
#: Two-word reporting cues.
REPORTING_PHRASES: tuple[str, ...] = (
    "pointed out", "points out", "called on", "calls on", "called for", "calls for", "appealed to",
    "made a statement", "made statements", "issued a statement", "issued statements",
)
#: Reporting verbs whose act is itself a judgement: what they report is evaluative.
EVALUATIVE_REPORTING: frozenset[str] = frozenset(
    "condemned condemns criticized criticised criticizes criticises praised praises denounced denounces "
    "blamed blames accused accuses welcomed welcomes regretted regrets deplored deplores".split()
)
#: Counted things that are durations or ages: a number of them does not make a claim statistical.
DURATION_UNITS: frozenset[str] = frozenset(
    "second seconds minute minutes hour hours day days week weeks month months year years decade decades "
    "century centuries year-old years-old".split()
)

#: Nouns for a text that can be the grammatical subject of a reporting verb ("The statement reads").
DOCUMENT_NOUNS: frozenset[str] = frozenset(
    """
    statement statements letter letters declaration declarations report reports resolution resolutions
    communique communiqué appeal appeals petition petitions release announcement message post article
    editorial op-ed press tweet note memorandum open letter address speech open-letter
    """.split()
)
#: Verbs by which an actor issues such a text ("X issued a statement").
ISSUING_VERBS: tuple[str, ...] = (
    "issued", "released", "published", "sent", "wrote", "signed", "adopted", "made", "circulated", "posted",
    "addressed", "delivered", "distributed", "submitted", "penned", "authored",
)

FIRST_PERSON: frozenset[str] = frozenset({"i", "we"})
PERSONAL_PRONOUNS: frozenset[str] = frozenset({"he", "she", "they", "it"})

#: Words that may appear inside a speaker noun phrase in lower case.
NP_FUNCTION_WORDS: frozenset[str] = frozenset(
    "the a an of for in on and its their our his her this these those some many several all both other "
    "de del du la le von van al el bin ibn around across from at".split()
)
#: Words that, in lower case, show a candidate speaker phrase is really a clause.
CLAUSE_WORDS: frozenset[str] = frozenset(
    "is are was were be been being has have had do does did will would can could should may might must "
    "that which who whom whose when where while if because as than not but so then also there".split()
)

#: Adjectives and nouns that express a judgement (general English, either polarity).
EVALUATIVE_WORDS: frozenset[str] = frozenset(
    """
    unacceptable undeniable aggressive deceitful blatant fake false fabricated biased unfair unjust negligent
    shameful disgraceful outrageous absurd ridiculous baseless groundless irresponsible provocative hostile
    brutal barbaric cruel heinous horrific horrible terrible tragic greatest worst best important significant
    effective ineffective successful unsuccessful worthy unworthy powerless helpless incompetent deceptive
    dishonest honest genuine credible objective compelling convincing unconvincing irrefutable legitimate
    illegitimate illegal unlawful peace-loving destructive dangerous reckless hypocritical cynical radical
    extremist fanatical glorious heroic brave courageous remarkable excellent impressive disappointing
    regrettable unprecedented deplorable condemnable shocking appalling vile evil corrupt incorrigible
    lies propaganda slander hypocrisy vandalism atrocities atrocity courage deception falsification
    falsifications manipulation fanaticism myth disgrace shame failure incompetence deceitfulness
    engaging persuasive misleading dubious questionable unfounded unbiased baffles intrigues
    amazed staggered outraged worrying alarming productive constructive fruitful unproductive positive negative
    historic disastrous catastrophic admirable commendable deplorable unhelpful helpful
    victory defeat triumph mistake blunder disaster fiasco betrayal farce sham travesty scandal
    """.split()
)
#: Phrases marking the speaker's own stance (opinion, certainty, attitude).
STANCE_MARKERS: tuple[str, ...] = (
    "i think", "i believe", "i feel", "we believe", "we think", "in my view", "in my opinion", "my view",
    "it seems", "seems to me", "it appears", "clearly", "obviously", "undoubtedly", "of course", "unfortunately",
    "fortunately", "sadly", "regrettably", "we regret", "i am amazed", "surprisingly", "in fact", "certainly",
    "no doubt", "there is no doubt",
)

#: Phrases that mark an obligation, demand or call to act.
PRESCRIPTIVE_PATTERNS: tuple[str, ...] = (
    r"\bshould\b(?!\s+(?:also\s+)?be\s+noted)",
    r"\bmust\b(?!\s+be\s+(?:said|noted))",
    r"\bought\s+to\b",
    r"\bneeds?\s+to\b",
    r"\b(?:has|have)\s+to\b",
    r"\bhad\s+to\s+(?:immediately\s+)?(?:respond|act|stop|take|end)\b",
    r"\bcall(?:s|ed|ing)?\s+(?:on|upon)\s+[^.;]{1,120}?\bto\s+[a-z]+|\bcall(?:s|ed|ing)?\s+for\s+(?:the\s+)?[a-z]+",
    r"\burg(?:e|es|ed|ing)\b",
    r"\bdemand(?:s|ed|ing)?\b",
    r"\bappeal(?:s|ed|ing)?\s+to\b",
    r"\bit\s+is\s+(?:necessary|imperative|essential|vital|time)\b",
    r"^\s*(?:let|please|kindly|stop|join|do\s+not|don't|never)\b",
    r"\bwe\s+(?:ask|request|call)\b",
    r"\btribute\s+must\b",
)
#: Phrases that mark a prediction or commitment about the future.
PREDICTIVE_PATTERNS: tuple[str, ...] = (
    r"(?<!\bthe\s)(?<!\bpolitical\s)(?<!\bgood\s)(?<!\bfree\s)(?<!\byou\s)\bwill\s+(?:not\s+|never\s+|always\s+|also\s+|soon\s+)?[a-z]+",
    r"\bshall\b",
    r"\bwon't\b",
    r"\bgoing\s+to\s+[a-z]+",
    r"\b(?:is|are|was|were)\s+(?:expected|likely|unlikely|set|poised|due|scheduled|planned|slated)\s+to\b",
    r"\b(?:plans?|intends?|aims?)\s+to\s+[a-z]+",
    r"\b(?:could|may|might)\s+[a-z]+[^.;]{0,40}?\b(?:next\s+(?:week|month|year)|tomorrow|soon|later\s+this)\b",
    r"\bforecasts?\b|\bpredicts?\b",
    r"\bin\s+the\s+coming\s+(?:days|weeks|months|years)\b",
)

GREETINGS: tuple[str, ...] = ("hello", "hi", "hey", "dear", "greetings", "good morning", "good afternoon", "good evening", "welcome")
THANKS: tuple[str, ...] = ("thank you", "thanks", "many thanks", "congratulations", "may god", "god bless")
SIGN_OFFS: tuple[str, ...] = (
    "sincerely", "regards", "kind regards", "best regards", "best wishes", "yours sincerely", "yours faithfully",
    "yours truly", "cheers", "respectfully", "with respect",
)
DISCOURSE_OPENERS: tuple[str, ...] = ("if i may", "let me", "allow me", "sorry")

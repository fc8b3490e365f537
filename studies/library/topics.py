"""Classify a work's topic from its title, abstract and keywords.

Off-topic citations are decided from two facts about the cited work: is it about ketamine,
and is it about substance use. Importers fill them in with this classifier; editors can
correct them, and a corrected topic is never overwritten.

Each fact is True, False or None (unknown), and the rules are:

- **A term found means yes.** Ketamine: "ketamine", "esketamine", "arketamine". Substance
  use: a term that names addiction or the use of a drug of abuse (see below).
- **No term found means no, only when the text is enough to tell.** That takes at least
  `MIN_SIGNIFICANT_WORDS` significant words (words of three letters or more that are not
  function words) across title, abstract and keywords: "Antidepressant effects of ketamine
  in depressed patients" is enough to say "not about substance use"; a record titled "T",
  "A trial" or "What to know about ketamine" is not, and the fact stays None. A citation of
  such a record is then not called off-topic on the classifier's word.
- **Ketamine named, but no condition, is not "not about substance use".** Ketamine is a
  treatment for many things, addiction among them; a title naming ketamine therapy but not
  what it treats ("Ketamine Psychedelic Therapy (KPT): A Review of the Results of Ten Years
  of Research", a review of treating alcoholism) does not say it is not about addiction. For
  a work about ketamine, "no" needs another condition named instead: depression, pain,
  anaesthesia, surgery, ... (`OTHER_CONDITIONS`). Otherwise the fact stays None.
- **An unnamed NMDA antagonist** ("a randomized trial of an N-methyl-D-aspartate
  antagonist") leaves "about ketamine" unknown: the drug may be ketamine, or memantine, or
  another one.

Substance-use terms are chosen so that they do not fire on papers about depression or pain,
where "relapse", "withdrawal", "dependence", "opioid" and "opioid consumption" are everyday
words. They are:

- words that mean addiction or drug use by themselves ("addiction", "substance use",
  "alcoholism", "drug use", "abuse liability", "heroin", "cocaine", "methamphetamine", ...);
- a substance named with a word of addiction, either way round: "opioid use disorder",
  "opioid dependence", "alcohol withdrawal", "cocaine-dependent", "dependence on opioids",
  "relapse to opioid use", "cannabis use disorder";
- a recreational substance named with its use: "alcohol use", "cannabis use", "tobacco
  smoking", "alcohol consumption", "harmful drinking". Opioids, benzodiazepines, ketamine and
  "drug" are left out of this one, since "postoperative opioid use", "benzodiazepine use" and
  "drug consumption" are about medicines.
"""

import re

KETAMINE_TERMS = ("ketamine",)  # matches esketamine and arketamine too
# Names a class of drugs that ketamine belongs to, without naming the drug.
UNNAMED_NMDA_ANTAGONIST = re.compile(
    r"\b(?:nmda|n-methyl-d-aspartate)(?:[- ]receptor)?[- ]antagonists?\b"
)

# Terms that mean addiction or substance use by themselves.
_STANDALONE = [
    r"addict\w*",  # addiction, addicted, addictive
    r"substance[- ](?:use|abuse|misuse|related|dependence)",
    r"drug[- ](?:use|users?|abuse|misuse|dependence|addiction|seeking|overdoses?)",
    r"illicit drugs?",
    r"alcoholi(?:sm|cs?)",
    r"abuse (?:liability|potential)",
    r"smoking cessation",
    r"(?:harmful|hazardous|heavy|binge|at-risk|problem|problematic|excessive|risky) drinking",
    r"drinking days",
    r"heroin",
    r"cocaine",
    r"methamphetamine",
    r"detoxi\w*",  # detoxification, detoxified
]

# Substances named after a word of addiction ("dependence on opioids"): not "drug", since
# "withdrawal of antidepressant drug treatment" is about stopping a medicine.
_NAMED_SUBSTANCES = (
    r"alcohol|ethanol|opioids?|opiates?|heroin|cocaine|cannabis|marijuana|methamphetamine"
    r"|amphetamines?|stimulants?|nicotine|tobacco|cigarettes?|benzodiazepines?|ketamine"
)
# Substances: every one of them counts with a word of addiction.
_SUBSTANCES = (
    r"alcohol|ethanol|opioids?|opiates?|heroin|cocaine|cannabis|marijuana|methamphetamine"
    r"|amphetamines?|stimulants?|nicotine|tobacco|cigarettes?|benzodiazepines?|ketamine"
    r"|substances?|drugs?"
)
# Recreational substances: their plain use is substance use as well.
_RECREATIONAL = (
    r"alcohol|cannabis|marijuana|methamphetamine|amphetamines?|nicotine|tobacco|cigarettes?"
)
_ADDICTION_WORDS = (
    r"use disorders?|misuse|abuse|dependen(?:ce|t)|addiction|addicted|cravings?|relapse"
    r"|self-administration|seeking|withdrawal|overdoses?|intoxication|detoxification"
)
_USE_WORDS = r"use|users?|consumption|intake|drinking|smoking|abstinence"

_SUBSTANCE_USE_PATTERNS = [
    re.compile(r"\b(?:" + "|".join(_STANDALONE) + r")\b"),
    # "opioid use disorder", "alcohol-dependent", "cocaine withdrawal"
    re.compile(r"\b(?:" + _SUBSTANCES + r")[- ](?:" + _ADDICTION_WORDS + r")\b"),
    # "dependence on opioids", "withdrawal from alcohol", "relapse to opioid use"
    re.compile(
        r"\b(?:dependence|withdrawal|addiction|abuse|misuse|relapse) (?:on|from|to|of) (?:\w+ )?(?:"
        + _NAMED_SUBSTANCES
        + r")\b"
    ),
    # "alcohol use", "cannabis smoking", "alcohol consumption"
    re.compile(r"\b(?:" + _RECREATIONAL + r")[- ](?:" + _USE_WORDS + r")\b"),
]
# Where "drug withdrawal" means stopping a medicine, it is not substance use.
_NOT_SUBSTANCE_USE = re.compile(r"\bdrug withdrawal\b")

# What ketamine treats or is used for besides addiction: one of these named, a work about
# ketamine that names no substance use is about something else.
OTHER_CONDITIONS = re.compile(
    r"\b(?:depress\w*|antidepress\w*|suicid\w*|bipolar|mood|anxiety|ptsd|post-?traumatic"
    r"|obsessive|schizophreni\w*|psychos[ie]s|psychotic|pain(?:ful)?|analges\w*"
    r"|an(?:a)?esthe\w*|sedat\w*|surg\w*|(?:pre|peri|intra|post)?operative|migraine"
    r"|seizures?|epilep\w*|asthma|delirium|cancer|palliative|autism|dementia|alzheimer\w*"
    r"|parkinson\w*|stroke|burns?|intensive care)\b"
)

# Fewer significant words than this, and the absence of a term says nothing.
MIN_SIGNIFICANT_WORDS = 4
_FUNCTION_WORDS = frozenset(
    """
    about above after again against all also among and any are around because been before
    being below between both but can could did does doing down during each few for from
    further had has have having her here hers him his how into its itself just more most
    not now off once only other our out over own same she should some such than that the
    their theirs them then there these they this those through too under until very was
    were what when where which while who whom why will with would you your
    """.split()
)


def _normalise(text):
    return re.sub(r"\s+", " ", (text or "").lower())


def significant_words(text):
    """The words that carry meaning: three letters or more, not function words."""
    return [w for w in re.findall(r"[a-z]{3,}", text) if w not in _FUNCTION_WORDS]


def _mentions_substance_use(text):
    text = _NOT_SUBSTANCE_USE.sub(" ", text)
    return any(pattern.search(text) for pattern in _SUBSTANCE_USE_PATTERNS)


def classify_topic(*, title, abstract="", keywords=()) -> tuple[bool | None, bool | None]:
    """Return (about_ketamine, about_substance_use) for a work: True, False or None when the
    text is too thin to tell (see the module docstring for the rules)."""
    haystack = " ".join(_normalise(part) for part in (title, abstract, *keywords))
    enough_to_say_no = len(significant_words(haystack)) >= MIN_SIGNIFICANT_WORDS

    about_ketamine: bool | None
    if any(term in haystack for term in KETAMINE_TERMS):
        about_ketamine = True
    elif enough_to_say_no and not UNNAMED_NMDA_ANTAGONIST.search(haystack):
        about_ketamine = False
    else:
        about_ketamine = None

    about_substance_use: bool | None
    if _mentions_substance_use(haystack):
        about_substance_use = True
    elif enough_to_say_no and (about_ketamine is not True or OTHER_CONDITIONS.search(haystack)):
        about_substance_use = False
    else:
        about_substance_use = None
    return about_ketamine, about_substance_use

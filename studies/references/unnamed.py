"""Strings given where a reference should be that name no work at all.

An article's "reference" is sometimes a placeholder ("Study A", "Ibid."), a row of a table of
unnamed studies ("Study C | 40 | 6 weeks | reduced cravings"), a sentence that credits
unnamed research ("recent trials have shown that ketamine reduces cravings") or says only
where a study appeared ("El estudio se publica en The American Journal of Psychiatry"), an
organisation's name alone, a website's home address ("Source: www.bbc.com"), a link's
words ("Click here to read the full article"), or a clinic pointing at its own unpublished
work ("our case studies"). None of them gives an author,
title, journal or identifier, so there is nothing to look up: searching the library for them
would only report "not found", as if a real work were missing. `why_unnamed(text)` says which
of these a string is, or None.
"""

from __future__ import annotations

import re

from studies.references.layouts import JOURNAL_WORDS

_PLACEHOLDER_RE = re.compile(
    r"^(?:(?:study|trial|paper|article|report|source|reference|ref\.?|case|author|authors|"
    r"document|citation)\s*[A-Z0-9]{1,3}|ibid\.?|id\.?|anon(?:ymous)?\.?|"
    r"personal communication|citation needed|\[citation needed\]|n\.\s?d\.?|unknown|"
    # A journal's note in place of the list: "Literatur bei den Verfassern.", "References
    # available from the authors."
    r"literatur\s+(?:beim?|bei\s+den|bei\s+der)\s+verfasser(?:n|in)?|"
    r"references?\s+(?:are\s+)?available\s+(?:from\s+the\s+authors?|on\s+request))$",
    re.IGNORECASE,
)
# A labelled study with only a description ("Study A, 30 participants", "Trial 2 (n=50)"),
# or a row of a table whose first cell is such a label ("Study C | 40 | ...", "A | 30 | ..."):
# it names no author, year or identifier, so nothing can identify it.
_LABELLED_RE = re.compile(
    r"^(?:(?:study|trial|case|group|cohort|patient|participant)\s*(?-i:[A-Z0-9]{1,3})\b\s*[,:;(|–-]"
    r"|[A-Z0-9]{1,2}\s*\|)",
    re.IGNORECASE,
)
_LABEL_END_RE = re.compile(r"\s*[,:;(|–-]")
# A row of a table of evidence whose first cell is the study's design ("| Observational |
# n=30 | 50% abstinent … |"): the row describes a study without naming it.
_DESIGN_ROW_RE = re.compile(
    r"^\|?\s*(?P<design>(?:observational|open[- ]label|naturalistic|retrospective|prospective|"
    r"uncontrolled|controlled|double[- ]blind|randomi[sz]ed(?:[- ]controlled)?|rct|case[- ]series|"
    r"case[- ]reports?|cohort|cross[- ]sectional|pilot|survey|meta[- ]analysis|systematic[- ]review)"
    r"(?:\s+(?:study|studies|trial|trials|design))?)\s*\|",
    re.IGNORECASE,
)
# Research credited without naming it: "recent trials have shown ...", "studies suggest ...",
# "according to research ...", "it has been shown ...". (The claim-level rule for vague
# attributions reads claims; this reads a string given as a reference.)
_UNATTRIBUTED_RE = re.compile(
    # "Several placebo-controlled, randomized clinical trials have been conducted, but …"
    r"^(?:(?:(?:recent|some|many|several|other|previous|preliminary|early|emerging|numerous|"
    r"multiple|new|clinical|scientific|published|more|placebo-controlled|randomi[sz]ed|controlled|"
    r"double-blind|open-label|small|large|pilot),?\s+)*"
    r"(?:studies|research|trials|evidence|scientists|researchers|experts|data|reports|"
    r"(?:clinical\s+)?investigators)\s+"
    # "Research and clinical experience have identified profiles of patients who …"
    r"(?:and\s+(?:clinical\s+)?(?:experience|practice)\s+)?"
    r"(?:has\s+|have\s+)?(?:also\s+)?(?:been\s+)?"
    r"(?:show|shows|shown|showed|suggest|suggests|suggested|indicate|indicates|indicated|find|"
    r"finds|found|demonstrate|demonstrates|demonstrated|reveal|reveals|revealed|report|reports|"
    r"reported|support|supports|confirm|confirms|confirmed|prove|proves|proven|conducted|performed|"
    r"claimed|claim|claims|identified|identify|identifies)\b"
    # "Many of the original trials examining methadone … were conducted in …"
    r"|(?:many|most|some|several)\s+of\s+the\s+(?:(?:original|early|earlier|first|published|"
    r"clinical|randomi[sz]ed|controlled)\s+)*(?:studies|trials)\b"
    r"|according to (?:recent )?(?:research|studies|experts|science)\b"
    # "Studien weisen darauf hin, dass …", "des études montrent que …", "estudos mostram …"
    # "Los últimos estudios demuestran que …"
    r"|(?:(?:des|les|neue|neuere|aktuelle|jüngste|zahlreiche|mehrere|einige|los|las|últimos|recientes|"
    r"varios|algunos|nuevos|os|novos|recenti)\s+)*"
    r"(?:studien|untersuchungen|études|estudios|estudos|studi)\s+"
    r"(?:zeigen|belegen|weisen|deuten|legen|berichten|ergeben|montrent|suggèrent|indiquent|muestran|"
    r"sugieren|indican|demuestran|revelan|confirman|mostram|sugerem|indicam|demonstram|revelam|"
    r"mostrano|suggeriscono|indicano|dimostrano)\b"
    # "Recent evidence positions ketamine-assisted psychotherapy as …"
    r"|(?:recent|emerging|growing|mounting|new)\s+(?:evidence|research|data)\s+"
    r"(?:positions|points|highlights|links|underscores|backs|places|casts|paints|puts)\b"
    # "There are currently clinical trials of MDMA and psilocybin that …"
    r"|there\s+(?:are|have\s+been)\s+(?:currently\s+|now\s+|already\s+)?(?:[a-z-]+\s+){0,2}"
    r"(?:trials|studies)\s+(?:of|on|with|into|testing|that)\b"
    r"|it has been (?:shown|found|demonstrated)\b"
    # "There has been some indication that ketamine, in low doses …, can be …"
    r"|there\s+(?:is|are|has\s+been|have\s+been)\s+(?:some|growing|increasing|mounting|strong|good|"
    r"limited|little|emerging)\s+(?:indications?|evidence)\s+(?:that|of|for)\b)",
    re.IGNORECASE,
)
# A news sentence crediting what it says to a study it does not name, at its end: "…, an
# experimental study claims.", "…, studies find".
_TRAILING_ATTRIBUTION_RE = re.compile(
    r",\s+(?:(?:a|an|the|one|another)\s+(?:[\w-]+\s+){0,3}?(?:study|trial|review|survey|report|"
    r"analysis|paper|experiment)|(?:(?:new|recent|several|some)\s+)?(?:studies|research|trials|"
    r"scientists|researchers))\s+(?:claims?|suggests?|finds?|found|shows?|showed|says?|reports?|"
    r"indicates?|reveals?|concludes?)$",
    re.IGNORECASE,
)
# A few words set off by a comma before the sentence proper: "First and most important,
# several studies demonstrate …", "In fact, research shows …".
_LEAD_RE = re.compile(r"^(?:[^\W\d_]+\s+){0,4}[^\W\d_]+,\s+")
# A source's own unpublished work: "our case studies", "our own patients", "our clinic's
# results", "we have seen ...". ("Our experience with ..." is left alone: case series are
# published under such titles.)
_OWN_WORK_RE = re.compile(
    r"^(?:(?:our|my)\s+(?:own\s+)?(?:(?:clinic|practice|centre|center|team|program|programme)"
    r"(?:'s)?\s+)?(?:case\s+(?:studies|reports|series)|patients|clients|results|outcomes|data|"
    r"research|studies|trials|records|findings)\b"
    r"|we\s+(?:have\s+)?(?:seen|found|observed|shown|treated)\b)",
    re.IGNORECASE,
)
# A sentence about "a study" that says where or when it appeared but not who wrote it or
# what it is called: "a study published in the journal Nature Communications found",
# "according to a new clinical trial published in The American Journal of Psychiatry",
# "A 2006 study from the National Institute of Mental Health found ...", "published July 12
# in Nature". A journal and a year name no work: a journal prints hundreds a year.
_STUDY_SENTENCE_RE = re.compile(
    r"^(?:(?:according to|in|as|per|wie|laut|so|comme|como|según|selon|en|dans|em|nel|im)\s+)?"
    r"(?:a|an|one|another|this|that|eine|einer|einem|diese|dieser|une|cette|un|una|esta|este)\s+"
    r"(?:(?:new|recent|large|small|landmark|major|pilot|clinical|randomi[sz]ed|controlled|"
    r"efficacy|feasibility|safety|proof-of-concept|"
    r"control|double-blind|placebo-controlled|published|peer-reviewed|systematic|"
    r"observational|retrospective|prospective|open-label|follow-up|longitudinal|cohort|"
    r"literature|scoping|narrative|cochrane|epidemiological|population-based|national|nationwide|"
    r"detailed|important|wichtige[nr]?|importante|earlier|previous|prior|separate|similar|"
    r"subsequent|further|later|second|third|phase\s+(?:i{1,3}|iv|[1-4])[ab]?(?:\s*/\s*(?:i{1,3}|[1-4])[ab]?)?|"
    r"neue[nr]?|nouvelle|nueva|nuevo|(?:1[6-9]|20)\d\d)[\s,]+)*"
    r"(?:study|trial|review|meta-analysis|paper|analysis|report|survey|article|publication|"
    r"experiment|investigation|studie|étude|estudio|studio|ensayo|essai)(?=\b|\d)"
    # "L'étude précédente a révélé …": in French the adjective follows.
    r"|^l['’]\s*(?:étude|essai)\s+(?:précédente|antérieure|pilote|clinique|récente)\b"
    r"|^(?:was\s+|were\s+)?published\s+(?:(?:on|in)\s+)?"
    r"(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+)?"
    r"(?:(?:1[6-9]|20)\d\d\s+)?(?:in|by)\s+(?:the\s+)?(?:journal\s+)?[A-Z]",
    re.IGNORECASE,
)
# Several works credited together name none of them: "the clinical trials led by Elias
# Dakwar", "some other work from the 1980s showing ...", "studies by Krystal's group".
_SEVERAL_WORKS_RE = re.compile(
    r"^(?:(?:in|from|of)\s+)?(?:the|these|those|some|several|other|earlier|older|two|three|four|his|her|their)\s+"
    r"(?:(?:other|clinical|earlier|recent|previous|randomi[sz]ed|controlled|published|early|"
    r"small|pilot)\s+)*"
    r"(?:studies|trials|papers|reviews|works?|research|experiments)\b"
    r"(?!\s+(?:of|on|in)\s+[A-Z])"
    # "In klinischen Studien ging es einigen Patienten … besser", "In clinical trials, …": a
    # sentence opening on what kind of studies, in the plural.
    # "Across modern controlled trials, serotonergic psychedelics are generally well tolerated …"
    r"|^(?:in|im|bei|aus|across)\s+(?:den\s+)?(?:(?:klinischen|bisherigen|früheren|ersten|mehreren|zahlreichen|"
    r"einigen|weiteren|aktuellen|neueren|clinical|controlled|randomi[sz]ed|earlier|previous|"
    r"recent|several|many|modern|published|placebo-controlled)\s+)+(?:studien|untersuchungen|studies|trials)\b"
    r"(?!\s+(?:of|on|in|zu|über)\s+[A-Z])",
    re.IGNORECASE,
)
# What names a person as the work's author: "Dakwar et al.", "Dakwar and colleagues", "by
# Dakwar", "Krupitsky's team", "Das RK". A sentence with one of these may identify a work.
_PERSON_RE = re.compile(
    r"\bet\.?\s*al\b|\b(?:and|&)\s+(?:his|her|their)?\s*(?:colleagues|co-?workers|team)(?![a-z])"
    r"|\bby\s+(?:Dr\.?\s+)?(?!The\b|(?:University|College|Institute|Researchers|Scientists|"
    r"British|American|Canadian|Australian|German|French|Swiss|Dutch)\b)"
    r"[A-Z][a-z]+(?:\s+[A-Z]\.?)*(?:\s+[A-Z][a-z]+)?(?![a-z])"
    r"|\b[A-Z][a-z]+'s\s+(?:team|group|lab|study)\b"
    r"|\b(?:[Pp]rofessor|psychiatrist|psychologist|neuroscientist|pharmacologist|scientist|"
    r"researcher|author|co-?author|investigator|(?:men|dirig|conduit)[ée]e?s?\s+par|"
    r"(?:guidat|condott|dirett)[oa]\s+da|(?:dirigid|liderad|realizad)[oa]\s+por|geleitet\s+von)"
    r"\s+(?:Dr\.?\s+)?[A-Z][a-z]+(?:\s+[A-Z]\.)?\s+[A-Z][a-z'-]+"
    r"|\b(?:says|said|wrote|according\s+to|co-?authored\s+(?:with|by))\s+(?:Dr\.?\s+)?[A-Z][a-z]+(?:\s+[A-Z]\.)?\s+[A-Z][a-z]+"
    # "Dr Ravi Das, the study's lead author, said …"
    r"|\b[A-Z][a-z]+,\s+(?:a|an|the)\s[^.;]{0,60}?\b(?:lead|first|senior)\s+(?:author|researcher|investigator)\b"
    # ("the Yale-affiliated VA": a word joined to a lower-case one is no family name.)
    r"|\b[A-Z][a-z']+(?:-[A-Z][a-z']+)?,?\s+[A-Z]{1,3}\b(?!['’])"
    # "… {Griffiths, 2016 \#11}": EndNote's unformatted citation.
    r"|\{[A-Z][a-z'-]+(?:\s+et\s+al\.?)?,\s*(?:1[6-9]|20)\d\d[a-z]?\s+\\?#\d{1,6}\}"
    # "… \cite{holze2022direct}": a LaTeX citation key, its first author and year.
    r"|\\cite[pt]?\{[a-z]+(?:19|20)\d\d[a-z]*\}"
    # "Yarkoni and Westfall [2] suggest …": two authors and the page's marker.
    r"|^[A-Z][a-z'-]+\s+(?:and|&)\s+[A-Z][a-z'-]+\s*\[\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\]",
)
_YEAR_RE = re.compile(r"\b(?:1[6-9]|20)\d\d\b")
# Running text that says where a study appeared, in English, French, Spanish, German or
# Italian: "The study, published in Neuropharmacology, identified …", "leur étude, publiée
# mercredi dans la revue Nature Communications", "El estudio se publica en The American
# Journal of Psychiatry", "Dans The American Journal of Psychiatry, elle et son équipe
# détaillent …", "im Fachmagazin „American Journal of Psychiatry“ veröffentlicht", "uno
# studio pubblicato sulla rivista American Journal of Psychiatry".
# Without an author or a year, a journal names no work. (Its name opens with a capital,
# whatever the case of the words around it.)
_APPEARED_IN_RE = re.compile(
    r"\b(?:published|appeared|appears|presented|reported)\s+(?:[\w(),]+\s+){0,4}?in\s+(?:the\s+)?(?:journal\s+)?"
    r"[\"'‘“]?(?-i:[A-Z])"
    r"|\bpubli[ée]e?s?\s+(?:\w+\s+){0,3}?dans\s+(?:la\s+revue\s+(?:scientifique\s+)?)?[\"'‘“«]?\s*"
    r"(?:l['’]\s*)?(?-i:[A-Z])"
    r"|\bpublica(?:n|do|da|dos|das)?\s+(?:\w+\s+){0,3}?(?:en|em|na|no|da|do)\s+"
    r"(?:(?:la|a)\s+)?(?:revista\s+(?:científica\s+)?)?[\"'‘“«]?\s*(?-i:[A-Z])"
    r"|\bveröffentlicht(?:e|en)?\s+(?:das|die|der)\s+(?:Fachmagazin\s+|Fachzeitschrift\s+)?(?-i:[A-Z])"
    r"|\bveröffentlicht\s+(?:\w+\s+){0,3}?(?:in|im)\s+(?-i:[A-Z])"
    r"|\b(?:im|in\s+der)\s+(?:Fachmagazin|Fachzeitschrift|Fachjournal|Zeitschrift|Magazin|Journal)\s+"
    r"[„\"'‘“«]?\s*(?-i:[A-Z])"
    # "jubelte die Fachzeitung «Medical Tribune» vor drei Jahren"
    r"|\b(?:die|der|das)\s+(?:Fachzeitung|Fachzeitschrift|Fachmagazin|Fachblatt|Ärztezeitung)\s+[„\"'‘“«]\s*(?-i:[A-Z])"
    r"|\bim\s+[„\"“”']?\s*(?-i:[A-Z])[\w-]*(?:\s+(?:of|and|&|the|(?-i:[A-Z])[\w-]*)){0,6}[“”\"']?\s+"
    r"(?:veröffentlicht|publiziert)"
    r"|\bpubblicat[oaie]\s+(?:[\w'’]+\s+){0,5}?(?:su|sul|sulla|sullo|in|nel|nella)\s+"
    r"(?:rivista\s+(?:scientifica\s+)?)?[\"'‘“«]?\s*(?:L['’]\s*)?(?-i:[A-Z])"
    r"|^(?:dans|en|in|im)\s+(?:the\s+|la\s+revue\s+|la\s+revista\s+)?(?-i:[A-Z])[\w-]*"
    r"(?:\s+(?:of|and|&|the|(?-i:[A-Z])[\w-]*)){0,6},\s+[a-zéèáíóú]",
    re.IGNORECASE,
)
# An organisation's name and nothing else: "Center for Drug Evaluation, & Research".
_ORGANISATION_RE = re.compile(
    r"\b(?:center|centre|institute|department|agency|administration|office|association|society|"
    r"foundation|council|commission|ministry|university|college|organi[sz]ation)\b",
    re.IGNORECASE,
)
_NAME_WORD_RE = re.compile(r"^(?:[A-Z][\w'’.-]*|for|of|and|&|the|on|,)$")


# "Substance Abuse and Mental Health Services Administration", "National Institute on Drug
# Abuse (NIDA)": the name ends as an organisation's does.
_ORGANISATION_END_RE = re.compile(
    r"\b(?:center|centre|institute|department|agency|administration|office|association|society|"
    r"foundation|council|commission|ministry|organi[sz]ation)(?:\s+\([A-Z]{2,10}\))?$",
    re.IGNORECASE,
)


def names_organisation(text: str) -> bool:
    """Whether `text` is an organisation's name and nothing else, such as a report's corporate
    author."""
    return _organisation_only(text) and bool(_ORGANISATION_END_RE.search(text.strip()))


def _organisation_only(text: str) -> bool:
    # "Department of Health. Alcohol Guidelines": a full stop, then what may be a title.
    words = text.replace(",", " , ").split()
    return (
        2 <= len(words) <= 12
        and "." not in text.rstrip(".")
        and bool(_ORGANISATION_RE.search(text))
        and all(_NAME_WORD_RE.match(word) for word in words)
    )
# A sentence about research, given where a reference should be: it reports what was found
# ("… found", "according to …", "can be found in the journal …") and opens as a sentence
# does, in lower case or with "In a …", "According to …", "The latest …". A title opens with
# a capital and rarely reports; a long sentence that reports and ends with a full stop is
# no title either.
_REPORTING_RE = re.compile(
    r"\b(?:found|finds|showed|shown|shows|show|reported|say|revealed|reveal|reveals|demonstrated|"
    r"suggested|suggests|concluded|says|said|wrote|according\s+to|can\s+be\s+found|builds\s+on|"
    r"looked\s+at|indicates|indicated|"
    # German news: "sagen Wissenschaftler", "wurde festgestellt"
    r"sagen|sagte|zeigte|zeigten|festgestellt|ergab|berichtete|berichten|berichtet|"
    # French and Spanish news: "une étude pilote montrant que", "el estudio mostró"
    r"montrant|montre|montré|révèle|suggère|indique|muestra|mostró|demuestra|reveló|sugiere|"
    r"indica|encontró|describía|describe|describió|"
    # "randomized trials suggest …", "scientists in the U.S. think that …"; Spanish,
    # Portuguese, Italian and Russian news: "indican que", "apunta a que", "foi o que sugeriu",
    # "согласно исследованию" (according to a study)
    r"suggest|think|thinks|believe|believes|indican|apunta|apuntan|sugieren|muestran|revelan|"
    r"sugeriu|sugere|mostrou|mostram|revelou|aponta|apontam|indicam|dimostrato|mostrato|"
    r"suggerisce|согласно|показало|показали|показал)\b",
    re.IGNORECASE,
)
_SENTENCE_START_RE = re.compile(
    r"^(?:(?:in|from|after|before|since|following)\s+(?:a|an|one|several|some|this|that|their|the)\b|"
    # "In 2022, Canadian researchers completed …": a date, then what happened ("…, publishing
    # his first report on the method in 1992" points at that report).
    r"(?:in|en|im)\s+(?:early\s+|late\s+|mid-|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+)?"
    r"(?:1[6-9]|20)\d\d,(?![^.]*\bpublish)|"
    r"(?:in|mit)\s+(?:einer|einem|der|dem|zwei|drei|mehreren)\b|"
    r"according\s+to\b|"
    r"the\s+(?:latest|earlier|previous|new|recent|initial|original|analysis|findings|results|"
    r"research)\b|(?:these|those)\s+(?:findings|results|data|studies|trials)\b)",
    re.IGNORECASE,
)
_LOWER_START_RE = re.compile(r"^[a-z]")
# A sentence of an article that ends with its own citation marker: "… anti-depressants [1]".
# "… a UK study.[105][106]": one marker or several.
# Also as a superscript copied inline, "… the secondary insult.1,2" (a volume after "vol."
# or "no." is none), and as PubMed Central's spaced "( 2 )", which no reference writes.
_MARKER_AT_END_RE = re.compile(
    # "[105]", and as endnotes numbered in Roman, "[i]", "[iv]".
    # "… estimée à 11,3 % [ 1 ].": with spaces inside the brackets.
    r"[a-z.,;)%]\s*(?:\[\s*(?:\d{1,3}(?:\s*[,–-]\s*\d{1,3})*|[ivx]{1,5})\s*\]\s*)+\.?$"
    # "… can increase abstinence.¹ ²": superscripts copied with a space between them.
    # "… was noted at 11.3%.2": after a figure too; "… involved this medication. 15": after
    # a space; "… ranges from 20% to 36%5": right after a percentage.
    # "… found no difference in ICP or CPP.4": after an abbreviation in capitals too.
    r"|(?<![Vv]ol)(?<![Nn]o)(?<!pp)(?<!\bp)(?<=[A-Za-z%])[.,;]\s?\d{1,3}(?:,\d{1,3}|[–-]\d{1,3}|\s\d{1,3})*$"
    r"|\d%\d{1,3}$"
    r"|[\w,]\s+\(\s+\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\s+\)\.?$"
    # "… is undergoing examination (1, 2).": numbers in brackets after a word, where a
    # reference would have a volume before its issue.
    # "… treatment-resistant depression (TRD) (27).": after an abbreviation in brackets too.
    # "… on prefrontal synaptogenesis (\n9).": a line break kept inside the brackets.
    r"|[a-z)]\s+\(\s*\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\s*\)\.?$"
)
SENTENCE_WORDS = 14
# Unnamed researchers as the subject of what was done: "researchers prospectively evaluated
# the effect of …", "Australian researchers completed the world's first …", "scientists are
# trying to curb …", "los científicos han estado tratando de explicar …".
_RESEARCHERS_DID_RE = re.compile(
    r"\b(?:researchers|scientists|investigators|científicos|investigadores|chercheurs|scientifiques|"
    r"forscher|wissenschaftler)\s+"
    # "los investigadores del Colegio Universitario de Londres (UCL) han empezado a …"
    r"(?:(?:at|of|from|del?|de\s+la|du|des|von|der|aus)\s+[^,.;]{1,80}?\s+)?"
    r"(?:(?:\w+ly|have|has|had|are|were|han|ont|haben|hatten)\s+){0,2}"
    r"(?:been\s+|estado\s+)?\w+(?:ed|ing|ado|ando|ido|iendo)\b",
    re.IGNORECASE,
)
# Research described by who did it: "Scientists at University College London are testing …".
_RESEARCHERS_RE = re.compile(
    r"^(?:scientists|researchers|experts|doctors|psychiatrists|a\s+team)\s+(?:at|from|in|of)\s"
    # "Des scientifiques de l'University College London ont organisé une étude …"
    r"|^(?:des\s+|los\s+|die\s+)?(?:scientifiques|chercheurs|chercheuses|científicos|investigadores|"
    r"wissenschaftler|forscher)\s+(?:de|du|des|d['’]|del|der|von|aus)\b",
    re.IGNORECASE,
)
# "A randomized trial of an N-methyl-D-aspartate antagonist in …", "A pilot study of ketamine
# for …": a title that opens as a description does, but names what was studied rather than
# where or when it appeared ("A 2023 systematic review of 11 studies" gives a year and a
# count: a description).
_TITLE_AFTER_NOUN_RE = re.compile(
    r"^(?P<lead>(?:a|an|one)\s+(?:[\w-]+\s+){0,4}?)"
    r"(?:study|trial|review|meta-analysis|analysis|report|survey|paper)\s+"
    r"(?:of|on|to|for|comparing|evaluating|examining|assessing|investigating)\s+(?!\d)",
    re.IGNORECASE,
)
# A title quoted in running text: "this article entitled “Adjunctive Ketamine with …”".
_QUOTED_TITLE_RE = re.compile(r"\b(?:entitled|titled|called)\s+[\"'](?:[^\"']+\s){3,}[^\"']+[\"']", re.IGNORECASE)


# "As per the Substance Abuse and Mental Health Services Administration (SAMHSA), 20.4
# million people … had a substance use disorder in 2019.": a figure credited to a body.
_ORGANISATION_SAYS_RE = re.compile(
    r"^(?:according\s+to|as\s+per|per)\s+(?:the\s+)?(?P<organisation>[A-Z][^,]{3,120}?)"
    r"(?:\s+\([A-Z]{2,10}\))?,\s",
    re.IGNORECASE,
)


def _reads_as_title(text: str) -> bool:
    found = _TITLE_AFTER_NOUN_RE.match(text)
    return bool(found) and not _YEAR_RE.search(found.group("lead")) and not _REPORTING_RE.search(text)


# What only a reference has: a quoted title, a year in brackets or before a volume, "et al.",
# a volume with its issue. A string with one of these is read as a reference, whatever
# verbs its title holds ("… Pharmacological Reports (2021): 1-23").
_REFERENCE_MARKS_RE = re.compile(
    r"\"(?:[^\"\s]+\s){2,}[^\"]*\"|\(\s*(?:1[6-9]|20)\d\d[a-z]?\s*\)|\b(?:1[6-9]|20)\d\d\s*;\s*\d"
    r"|\bet\.?\s*al\b|\b\d{1,4}\s*\(\d{1,4}\)\s*[:,]"
    # "(Guidelines for the management of opioid withdrawal, WHO, 2009) [3]": a whole
    # citation in brackets, its year last.
    r"|^\([^()]{12,},\s*(?:1[6-9]|20)\d\d[a-z]?\)"
)


# "A small but eye-opening 2022 study in JAMA Psychiatry found …", "published their findings
# in 2000 in the journal Biological Psychiatry": a year and the journal it appeared in are
# enough to look a work up, whatever the sentence around them.
_YEAR_THEN_JOURNAL_RE = re.compile(
    r"\b(?:1[6-9]|20)\d\d\b[^.;]{0,60}?\bin\s+(?:the\s+)?(?:journal\s+)?"
    r"(?P<journal>(?-i:[A-Z])[\w&-]*(?:\s+(?:of\s+|and\s+|&\s+)?(?-i:[A-Z])[\w&-]*){0,5})",
    re.IGNORECASE,
)


# "In a 1965 JAMA article, Dole and Nyswander …", "reported in the Aug 23, 1965, issue of
# JAMA": the year and the journal side by side.
_YEAR_BESIDE_JOURNAL_RE = re.compile(
    r"\b(?:a|an|the)\s+(?:1[6-9]|20)\d\d\s+(?P<journal>(?-i:[A-Z])[\w&-]*(?:\s+(?:of\s+|and\s+|&\s+)?"
    r"(?-i:[A-Z])[\w&-]*){0,5})\s+(?:article|paper|study|report|review|trial)\b"
    r"|\b(?:1[6-9]|20)\d\d,?\s+issue\s+of\s+(?:the\s+)?(?P<journal_>(?-i:[A-Z])[\w&-]*"
    r"(?:\s+(?:of\s+|and\s+|&\s+)?(?-i:[A-Z])[\w&-]*){0,5})",
    re.IGNORECASE,
)


# "… published in the New England Journal of Medicine in 2023, found …": the journal first.
# (Not "and": "published in Biological Psychiatry and International Clinical
# Psychopharmacology in 2001" is two works.)
_JOURNAL_THEN_YEAR_RE = re.compile(
    r"\bpublished\s+in\s+(?:the\s+)?(?:journal\s+)?(?P<journal>(?-i:[A-Z])[\w&-]*(?:\s+(?:of\s+)?"
    r"(?-i:[A-Z])[\w&-]*){0,5})\s+in\s+(?:(?:1[6-9]|20)\d\d)\b",
    re.IGNORECASE,
)


def _names_year_and_journal(text: str) -> bool:
    for found in (
        _YEAR_THEN_JOURNAL_RE.search(text),
        _YEAR_BESIDE_JOURNAL_RE.search(text),
        _JOURNAL_THEN_YEAR_RE.search(text),
    ):
        journal = found and (found.group("journal") or found.groupdict().get("journal_"))
        if journal and any(word.lower().rstrip("0123456789") in JOURNAL_WORDS for word in journal.split()):
            return True
    return False


# A study described by its size ("in the RCT (N=74) with 12 weeks topiramate …") or credited
# to an institution alone ("… in a study by the University of Queensland."): a description
# of research in a sentence, naming no author or title.
_DESCRIBED_STUDY_RE = re.compile(
    r"\b(?:RCT|study|trial|studies|trials|cohort|sample)\s*\(\s*n\s*=\s*\d"
    # "… to conduct a single-dose study of ketamine on nine patients (two ultimately dropped out)"
    r"|\b(?:study|trial|experiment)\b[^.;]{0,60}?\b(?:on|with|of|in|involving|including|among)\s+"
    r"(?:\d{1,5}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty)\s+"
    r"(?:patients|participants|subjects|people|volunteers|adults|smokers|drinkers|veterans)\b"
    r"|\b(?:a|an|one|another)\s+(?:[\w-]+\s+){0,3}?(?:study|trial|survey|review|report)\s+"
    r"(?:by|from|at)\s+the\s+(?:[A-Z][\w-]*\s+){0,3}(?:University|Institute|College|Centre|Center|"
    r"Department|Agency|Ministry|Hospital)\b(?:\s+(?:of|for)\s+[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3})?"
    r"\s*[.,;]",
    re.IGNORECASE,
)
# "A landmark German study using ketamine coma (…) showed dramatic improvements in some
# patients": a study described by what it did and found, from the sentence's start, with no
# name ("by Dakwar"), year or journal (with or without its full stop).
_DESCRIBED_FINDING_RE = re.compile(
    r"^(?:a|an|one)\s+(?:[\w-]+\s+){0,3}?(?:study|trial)\s+(?:using|of|with|in\s+which|that)\s+"
    r"(?:(?!\bet\s+al\b|\bpublished\b|\bjournal\b|\bby\s+(?-i:[A-Z]))[^\d.;])*?"
    r"\b(?:showed|found|reported|demonstrated|suggested|revealed)\b(?:(?!\bet\s+al\b|\bpublished\b|\bjournal\b)[^\d;])*$",
    re.IGNORECASE,
)


# Several trials credited together in a sentence: "… en dos ensayos clínicos sobre el
# tratamiento del abuso de sustancias", "… em dois ensaios clínicos sobre …".
_SEVERAL_IN_SENTENCE_RE = re.compile(
    r"\b(?:in|en|em|dans)\s+(?:two|three|four|several|multiple|dos|tres|varios|dois|três|vários|deux|trois|"
    r"plusieurs)\s+(?:(?:clinical|randomi[sz]ed|controlled|separate)\s+)*(?:trials|studies|ensayos|estudios|"
    r"ensaios|estudos|essais|études)\b",
    re.IGNORECASE,
)


# What a study found, as a share of the people in it: "Amazingly, 12 months after the
# therapeutic sessions, 80% of participants remained completely abstinent from smoking."
_SHARE_OF_PEOPLE_RE = re.compile(
    r"\b\d{1,3}(?:\.\d+)?\s?%\s+of\s+(?:the\s+)?(?:participants|patients|subjects|people|volunteers|"
    r"smokers|drinkers|users|respondents)\b",
    re.IGNORECASE,
)


def _reads_as_sentence(text: str) -> str | None:
    if _REFERENCE_MARKS_RE.search(text) or _names_year_and_journal(text):
        return None
    words = len(text.split())
    if words >= 8 and _MARKER_AT_END_RE.search(text):
        return "is a sentence of the article with its own citation marker, not a reference"
    if _DESCRIBED_FINDING_RE.match(text):
        return "describes a study by what it found, without naming it"
    if words >= 8 and _RESEARCHERS_RE.match(text):
        return "reads as a sentence about research, not as a reference to a work"
    if words >= SENTENCE_WORDS and _SENTENCE_START_RE.match(text) and text.rstrip().endswith("."):
        # "The latest trial is a follow-up on …", "These findings, from a … trial, were
        # published in …": a long sentence that opens as running text does.
        return "reads as a sentence about research, not as a reference to a work"
    if words >= SENTENCE_WORDS and text.rstrip().endswith(".") and (
        _RESEARCHERS_DID_RE.search(text)
        or _SHARE_OF_PEOPLE_RE.search(text)
        or _DESCRIBED_STUDY_RE.search(text)
        or _SEVERAL_IN_SENTENCE_RE.search(text)
    ):
        return "reads as a sentence about research, not as a reference to a work"
    if not _REPORTING_RE.search(text):
        return None
    if _LOWER_START_RE.match(text) or (_SENTENCE_START_RE.match(text) and words >= 4):
        return "reads as a sentence about research, not as a reference to a work"
    if words >= SENTENCE_WORDS and text.rstrip().endswith("."):
        return "reads as a sentence about research, not as a reference to a work"
    return None


# Someone's words in quotation marks, given where a reference should be: "“Ketamine, combined
# with psychotherapy, reduces the six-month relapse rates by nearly 60% compared to
# placebo. That’s phenomenal.”" A title in quotation marks is one sentence at most, or two
# short ones ("Ketamine. A review."); a remark runs on past a full stop.
_QUOTATION_RE = re.compile(r"^[\"“”'‘]([^\"“”]{20,})[\"“”'’]$")
_INNER_SENTENCE_END_RE = re.compile(r"[a-z%)]\.\s+[A-Z]")


def _quotation(text: str) -> bool:
    found = _QUOTATION_RE.match(text)
    return (
        bool(found)
        and len(found.group(1).split()) >= SENTENCE_WORDS
        and bool(_INNER_SENTENCE_END_RE.search(found.group(1)))
    )


def quoted(text: str, limit: int = 60) -> str:
    """`text` in quotation marks for a reason, cut short with "…" past `limit` characters."""
    return repr(text if len(text) <= limit else text[: limit - 1].rstrip() + "…")


# A link's words that say only that it is a link: "CLICK HERE to read the full article!",
# "Read more", "Full text".
_LINK_WORDS_RE = re.compile(
    r"^(?:(?:click|tap)\s+here|read\s+more|learn\s+more|see\s+more|more\s+here|full\s+(?:article|text|story)"
    r"|(?:read|view|see|open)\s+(?:the\s+)?(?:full\s+)?(?:article|study|paper|story|report|source))\b"
    r"[\w\s,'’-]{0,40}[.!:]?$",
    re.IGNORECASE,
)
# A website's address with no page on it: "www.bbc.com", "https://www.bbc.co.uk/".
_SITE_RE = re.compile(r"(?<![\w@/.-])(?:https?://)?(?:www\.)?(?:[a-z0-9-]+\.)+[a-z]{2,}/?(?![\w/.-])", re.IGNORECASE)
# The most words a source line holds besides the site's address: "Lees più op bbc.com
# (Fonte, EN)", "Ressource: www.bbc.com".
SITE_LINE_WORDS = 5


def is_site_address(url: str) -> bool:
    """Whether `url` is a website's home address, naming no page (and so no work) on it."""
    return _SITE_RE.fullmatch(url.strip()) is not None


def _site_only(text: str) -> str | None:
    """The website a source line names when it names nothing else, or None."""
    # A year means it names more than a site: looked for first, since most references have
    # one and scanning every word for an address costs more.
    if _YEAR_RE.search(text):
        return None
    sites = _SITE_RE.findall(text)
    if not sites or _PERSON_RE.search(text):
        return None
    rest = _SITE_RE.sub(" ", text)
    # A number beside it may be the site's name for a work ("ClinicalTrials.gov, Identifier:
    # NCT01558063").
    if len(re.findall(r"[^\W\d_]+", rest)) > SITE_LINE_WORDS or re.search(r"\d", rest):
        return None
    return sites[0]


def why_unnamed(text: str, *, has_identifier: bool) -> str | None:
    """Why `text` (cleaned, without its list marker) names no work, or None if it may.

    A label, a sentence crediting research or a clinic's own work is still a reference when
    it carries an identifier or a year ("Krupitsky E, et al. (2002). Study 2 of ketamine"):
    then it is parsed like any other."""
    stripped = text.strip(" .,;:")
    if _PLACEHOLDER_RE.match(stripped):
        return f"{stripped!r} is a placeholder name, not a reference"
    if _LINK_WORDS_RE.match(stripped) and not _YEAR_RE.search(stripped):
        # ("Read more about the Dakwar 2019 study" names one.)
        return f"{stripped!r} is a link's words, naming no work"
    site = _site_only(stripped)
    if site:
        return f"it names a website ({site.strip('/')}), not a page or a work on it"
    if has_identifier:
        return None
    if (
        _STUDY_SENTENCE_RE.match(stripped)
        and not _PERSON_RE.search(stripped)
        and not _reads_as_title(stripped)
        and not _QUOTED_TITLE_RE.search(stripped)
    ):
        return f"{quoted(stripped)} describes a study without naming its authors or title"
    if _SEVERAL_WORKS_RE.match(stripped):
        return f"{quoted(stripped)} credits several works together, naming none of them"
    if (
        _TRAILING_ATTRIBUTION_RE.search(stripped)
        and not _PERSON_RE.search(stripped)
        and not _REFERENCE_MARKS_RE.search(stripped)
        and not _names_year_and_journal(stripped)
    ):
        return f"{quoted(stripped)} credits unnamed research, without naming a work"
    if not _YEAR_RE.search(text):
        if _LABELLED_RE.match(text):
            label = _LABEL_END_RE.split(text, maxsplit=1)[0].strip()
            return f"{label!r} is a label with a description, naming no author, year or identifier"
        row = _DESIGN_ROW_RE.match(text)
        if row:
            return (
                f"it is a row of a table giving a study's design ({row.group('design')!r}), "
                "naming no author, year or identifier"
            )
        if _UNATTRIBUTED_RE.match(stripped) or _UNATTRIBUTED_RE.match(_LEAD_RE.sub("", stripped, count=1)):
            return f"{quoted(stripped)} credits unnamed research, without naming a work"
        if _OWN_WORK_RE.match(stripped):
            return f"{quoted(stripped)} points to the source's own unpublished work, not to a published one"
        if len(stripped.split()) >= 6 and _APPEARED_IN_RE.search(stripped) and not _PERSON_RE.search(stripped):
            return f"{quoted(stripped)} says where a study appeared, without naming its authors or title"
        if _organisation_only(stripped):
            return f"{quoted(stripped)} names an organisation, not one of its works"
    if _quotation(text.strip()) and not _YEAR_RE.search(text):
        return f"{quoted(text.strip())} quotes someone's words, naming no work"
    said = _ORGANISATION_SAYS_RE.match(stripped)
    if (
        said
        and _ORGANISATION_RE.search(said.group("organisation"))
        and len(stripped.split()) >= SENTENCE_WORDS
        and not _REFERENCE_MARKS_RE.search(stripped)
    ):
        return f"{quoted(stripped)} credits a figure to an organisation, without naming one of its works"
    # A sentence that reports research is one even with a year ("new research from a 2021
    # Boston University study found"), unless it names a person, who may be the author.
    sentence = None if _PERSON_RE.search(stripped) else _reads_as_sentence(text.strip())
    if sentence:
        return f"{quoted(stripped)} {sentence}"
    return None


# A verb that makes running text a sentence rather than a title, in English, Spanish,
# Portuguese, German, Dutch, Italian or French: "A total of 96 patients … were enrolled in the
# study", "it can take weeks", "los resultados fueron divulgados".
_FINITE_VERB_RE = re.compile(
    r"\b(?:is|are|was|were|has|have|had|can|could|will|would|may|might|does|did|"
    r"es|son|fue|fueron|han|está|están|são|foi|foram|ist|sind|war|waren|wurde|wurden|hat|haben|"
    r"zijn|werd|werden|heeft|hebben|sono|hanno|sont|était|ont)\b|(?<!\w)(?:é|è)(?!\w)",
    re.IGNORECASE,
)
_WORD_RE = re.compile(r"[^\W\d_][\w'’-]*")
# The fewest words of running text that says nothing a reference would: a title rarely runs
# this long with a finite verb in it and most of its words in lower case.
RUNNING_TEXT_WORDS = 10


def reads_as_running_text(text: str) -> bool:
    """Whether `text`, taken for a title because nothing else was found in it, is a sentence
    of running text: long, mostly in lower case, with a finite verb, and with no year, person,
    subtitle, question, link, journal or citation mark that a reference (or a title) would have.
    Some titles are sentences ("Ketamine can reduce harmful drinking by pharmacologically
    rewriting drinking memories"): the caller asks only once no title in the library matched."""
    stripped = text.strip()
    if _YEAR_RE.search(stripped) or _PERSON_RE.search(stripped) or _REFERENCE_MARKS_RE.search(stripped):
        return False
    if re.search(r"[:?|\[\]]|https?://|www\.|\bdoi\b", stripped, re.IGNORECASE):
        return False
    # "Um estudo do New England Journal of Medicine concluiu …": where the study appeared,
    # which with a registry's search may be enough to find it.
    if re.search(r"\b(?:Journal|JAMA|Lancet|BMJ)\b", stripped):
        return False
    words = _WORD_RE.findall(stripped)
    if len(words) < RUNNING_TEXT_WORDS:
        return False
    lower = sum(1 for word in words[1:] if word[0].islower()) / (len(words) - 1)
    return lower >= 0.7 and bool(_FINITE_VERB_RE.search(stripped))

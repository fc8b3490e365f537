"""The machine's judgement of a link: a claim's words against the cited study's record.

Studies are the seed library's records (corpus/library.json and outcomes.yaml), or facts
built here where a case needs a record the library does not hold."""

from functools import cache
from pathlib import Path

import pytest

from claims.assessment.judging import judge_link
from claims.assessment.stated import stated_facts
from claims.seed_corpus.reader import library_facts, read_corpus
from studies.facts import OutcomeFacts, StudyFacts

ROOT = Path(__file__).resolve().parent.parent.parent


@cache
def library():
    return library_facts(read_corpus(ROOT / "corpus"))


def study(key):
    return library()[key]


OPEN_LABEL = StudyFacts(
    id=1, label="Open et al. 2020", design_code="open_label_trial", design_text="Open-label trial",
    outcomes=(OutcomeFacts("Craving score", "4 weeks", "favours_intervention", "=0.20"),),
)  # fmt: skip
NO_OUTCOMES = StudyFacts(id=2, label="Quiet et al. 2021", design_code="randomized_controlled_trial")
FAVOURS_PLACEBO = StudyFacts(
    id=3, label="Null et al. 2019", design_code="randomized_controlled_trial",
    outcomes=(OutcomeFacts("Days abstinent", "12 weeks", "favours_comparator"),),
)  # fmt: skip

# (claim, study, stance, misfit codes, words the reasons must contain)
PAIRS = [
    pytest.param(
        "Ketamine significantly reduced relapse in people with alcohol use disorder.",
        lambda: study("grabski2022"), "contradicts", {"result_not_found"},
        ["Relapse at 6 months (OR 0.8, 95% CI 0.31 to 2.1)", "no clear difference"],
        id="a relapse reduction the cited trial did not find",
    ),
    pytest.param(
        "Ketamine increased the percentage of days abstinent from alcohol.",
        lambda: study("grabski2022"), "supports", set(), ["MD 10.1, 95% CI 1.1 to 19"],
        id="more days abstinent, as the trial found",
    ),
    pytest.param(
        "Administering ketamine intravenously (IV) is the most effective method for several reasons.",
        lambda: study("krupitsky2002"), "silent", {"different_route"}, ["the claim says IV", "intramuscularly (IM)"],
        id="IV resting on an IM trial",
    ),
    pytest.param(
        "The people who had cocaine addictions got ketamine through an IV for 5 days, in addition to 5 weeks of mindfulness relapse prevention therapy.",
        lambda: study("dakwar2019"), "partly", {"different_sessions"},
        ["for 5 days", "a single session", "confirms: given intravenously (IV)"],
        id="IV for 5 days for a single infusion",
    ),
    pytest.param(
        "The people who were dependent on alcohol got ketamine through an IV during the second week of a 5-week motivational enhancement therapy session.",
        lambda: study("dakwar2020"), "supports", set(), ["confirms: given intravenously (IV), a 5-week"],
        id="the length of a therapy is not the ketamine's",
    ),
    pytest.param(
        "Patients received 50 mg of ketamine in three weekly infusions.",
        lambda: study("grabski2022"), "partly", {"different_dose"}, ["50 mg", "per kilogram"],
        id="plain milligrams for a dose per kilogram",
    ),
    pytest.param(
        "One group received high-dose (2.0 mg/kg) ketamine paired with psychotherapy, while the other received a low-dose (0.2 mg/kg) active placebo.",
        lambda: study("krupitsky2002"), "supports", set(),
        ["confirms: 2 mg/kg, 0.2 mg/kg, a low-dose ketamine comparator"],
        id="the doses of both arms, as the record gives them",
    ),
    pytest.param(
        "A randomized trial showed that ketamine significantly reduced cravings.",
        lambda: OPEN_LABEL, "contradicts", {"different_design", "result_not_found"},
        ["calls it randomised", "Open-label trial", "not statistically significant"],
        id="an open-label trial called randomised, a non-significant result called significant",
    ),
    pytest.param(
        "However, further randomised controlled trials are urgently needed to confirm ketamine's efficacy.",
        lambda: study("ezquerra2018"), "supports", set(), ["it says more research is needed"],
        id="trials still needed describe no cited study, and the review says so",
    ),
    pytest.param(
        "A randomized trial found more days of abstinence with ketamine.",
        lambda: OPEN_LABEL, "silent", {"different_design"}, ["calls it randomised"],
        id="a result that says more is still a claim about the cited design",
    ),
    pytest.param(
        "Ketamine reduced cravings.", lambda: NO_OUTCOMES, "", set(), [],
        id="no outcome in the library: cannot tell, never supports",
    ),
    pytest.param(
        "Ketamine helped people stay abstinent for more days.", lambda: FAVOURS_PLACEBO,
        "contradicts", {"result_not_found"}, ["favoured the comparator"],
        id="an outcome that favoured the comparator",
    ),
    pytest.param(
        "A double-blind, randomized clinical trial conducted in Russia included 70 detoxified heroin addicts, divided into two groups.",
        lambda: study("krupitsky2002"), "supports", set(),
        ["confirms: randomised, double-blind, 70 participants, 2 groups"],
        id="a description of the trial, each fact confirmed by its record",
    ),
    pytest.param(
        "A randomized trial of 120 heroin users compared three groups.",
        lambda: study("krupitsky2002"), "partly", {"different_size"},
        ["the claim says 120 participants", "N=70", "the claim says 3 groups"],
        id="the wrong number of participants and groups",
    ),
    pytest.param(
        "The study's placebo-controlled design minimizes this concern.",
        lambda: study("krupitsky2002"), "partly", {"different_comparator"},
        ["comparison group also received ketamine"],
        id="placebo-controlled, where the placebo was low-dose ketamine",
    ),
    pytest.param(
        "People who were prescribed ketamine, alongside therapy, had a better outcome than those who had therapy without ketamine treatment.",
        lambda: study("dakwar2019"), "partly", {"different_comparator"},
        ["midazolam, an active control", "it favoured ketamine"],
        id="therapy without ketamine, where the comparison group had midazolam",
    ),
    pytest.param(
        "No participants experienced lasting adverse effects or addiction to ketamine.",
        lambda: study("krupitsky2002"), "silent", {"different_outcome"},
        ["the claim speaks of adverse effects", "holds nothing on it"],
        id="an outcome the record does not report",
    ),
    pytest.param(
        "this approach shows significant promise for improving outcomes in addiction recovery, according to a landmark study",
        lambda: study("krupitsky2002"), "supports", set(), ["Abstinence (high-dose vs low-dose KPT)"],
        id="better outcomes, where every addiction outcome on record favoured ketamine",
    ),
    pytest.param(
        "No effect on alcohol relapse at 180 days was observed for ketamine (odds ratio [OR], 0.80; 95% CI, 0.31-2.10).",
        lambda: study("grabski2022"), "supports", set(), ["Relapse at 6 months (OR 0.8, 95% CI 0.31 to 2.1): no clear difference"],
        id="no effect on relapse, as the trial found (psychiatryadvisor.com)",
    ),
    pytest.param(
        "The participants in the ketamine group also had a significantly longer time to relapse compared to the midazolam group.",
        lambda: study("dakwar2020"), "supports", set(), ["Time to relapse: it favoured ketamine"],
        id="a longer time to relapse is less relapse (a blog on the trial)",
    ),
    pytest.param(
        "The risk of death for participants in the study was reduced 10-fold after the ketamine therapy.",
        lambda: study("grabski2022"), "silent", {"different_outcome"}, ["the claim speaks of death"],
        id="a risk of death the trial did not report",
    ),
    pytest.param(
        "65.8% of the participants stayed abstinent for more than a year.",
        lambda: study("krupitsky1997"), "partly", {"different_population"},
        ["one arm's figure", "KPT + standard alcoholism treatment 65.8% (73/111)", "24% (24/100)"],
        id="one arm's figure given for all the participants",
    ),
    pytest.param(
        "Two-thirds of patients, 65.8%, stayed abstinent for more than a year after ketamine therapy.",
        lambda: study("krupitsky1997"), "supports", set(), ["confirms: 65.8% (Total abstinence, KPT"],
        id="the figure of the only arm given ketamine, said of those given it",
    ),
    pytest.param(
        "In both studies, the researchers concluded that ketamine lowered the chances of restarting or relapsing into addiction.",
        lambda: study("dakwar2019"), "supports", set(), ["HR 0.47, 95% CI 0.24 to 0.92"],
        id="a relapse reduction the cited trial found",
    ),
]


@pytest.mark.parametrize("claim, make_study, stance, misfits, words", PAIRS)
def test_it_judges_a_claim_against_the_cited_study(claim, make_study, stance, misfits, words):
    judgement = judge_link(stated_facts(claim), make_study())
    assert judgement.stance == stance, judgement.rationale
    assert set(judgement.misfit_codes) == misfits, judgement.rationale
    for said in words:
        assert said in judgement.rationale


def test_every_misfit_names_a_known_code():
    from claims.constants import MISFIT_REASONS

    known = {code for code, _ in MISFIT_REASONS}
    for claim, make_study, *_ in (p.values for p in PAIRS):
        assert set(judge_link(stated_facts(claim), make_study()).misfit_codes) <= known

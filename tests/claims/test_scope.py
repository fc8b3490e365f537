"""What a claim is about: a report of what a study found, or a claim about the world.
Sentences from the seed articles and from the real pages in stated_facts_pages.py."""

import pytest

from claims.assessment.scope import FINDING, WORLD, claim_scope

TABLE = [
    # Reports of what a particular study found: accurate when the study found it.
    ("ketamine reduced craving for and self-administration of cocaine in non-treatment seeking cocaine users", FINDING),
    ("At the two-year follow-up, the high-dose group had significantly higher abstinence rates compared to the low-dose group.", FINDING),
    ("A double-blind, randomized clinical trial conducted in Russia included 70 detoxified heroin addicts, divided into two groups.", FINDING),
    ("The people who had cocaine addictions got ketamine through an IV for 5 days, in addition to 5 weeks of mindfulness relapse prevention therapy.", FINDING),
    ("Participants in the low-dose group received identical therapy, yet their outcomes were consistently less favorable.", FINDING),
    ("In both studies, the researchers concluded that ketamine lowered the chances of restarting or relapsing into addiction.", FINDING),
    ("a meta-analysis conducted by Chan et al. (2021) [2] found", FINDING),
    ("Craving reduction was greater and more sustained in the high-dose group.", FINDING),
    # From a page not in the seeds (psychiatryadvisor.com, in accuracy_pages.py).
    ("No effect on alcohol relapse at 180 days was observed for ketamine (odds ratio [OR], 0.80; 95% CI, 0.31-2.10).", FINDING),
    # Claims about the world: weighed by the certainty of the whole body of evidence.
    ("Ketamine cures addiction.", WORLD),
    ("the absence of randomized controlled trials (RCTs), the gold standard in clinical research, limits the ability to draw firm conclusions about ketamine's efficacy for OUD compared to established treatments like methadone or buprenorphine", WORLD),
    ("Administering ketamine intravenously (IV) is the most effective method for several reasons.", WORLD),
    ("ketamine-assisted psychotherapy offers not just a glimmer of hope, but a scientifically grounded method to change lives", WORLD),
    ("Studies show that ketamine reduces cravings.", WORLD),
    ("Early clinical trials have demonstrated that ketamine infusions can significantly reduce cravings and withdrawal symptoms in individuals with opiate addiction.", WORLD),
    ("Ketamine will help the brain heal in a more efficient way.", WORLD),
    ("Ketamine is a dissociative anesthetic known for its rapid onset of action.", WORLD),
    ("By reducing cravings and improving mood, ketamine can help lower the risk of relapse.", WORLD),
]


@pytest.mark.parametrize("quote, scope", TABLE)
def test_it_tells_a_report_of_a_finding_from_a_claim_about_the_world(quote, scope):
    assert claim_scope(quote) == scope

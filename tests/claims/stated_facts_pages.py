"""Sentences from real pages about ketamine for addiction, other than the seed articles, with
what each states, labelled by hand before the reader (`claims.assessment.stated`) ran on them.

Each entry: (address of the page, the sentence as the page prints it, the facts). The keys of
the facts are those of `stated_facts_table`, and `arith` ((percentage, part, whole, agrees)):
a percentage beside the "x of y" it claims to express.
"""

BLOSSOM_TRIAL = "https://www.moreblossom.com/papers/adjunctive-ketamine-with-relapse-prevention-based-psychological-therapy-in-the-t"
MIMS = "https://sitmspapp.mimsdev.com/singapore/news-updates/topic/adjunctive-ketamine-safe--effective-in-alcohol-use-disorder"
INTERESTING = "https://interestingengineering.com/health/ketamine-overcome-alcohol-addiction"
NEWSBREAK = "https://www.newsbreak.com/news/2482755410092/psychedelic-stock-news-awakn-life-sciences-otcqb-awknf-announces-positive-results-from-phase-ii-a-b-ketamine-assisted-therapy-for-treatment-of-alcohol-use-disorder-trial"
INTEGRATIVE = "https://www.integrativepractitioner.com/mental-emotional-spiritual/news/2022-01-12-ketamine-and-therapy-helped-severe-alcoholics-abstain-for-longer-in-trial"
INFUSION_FAQ = "https://www.ketamine-infusion.com/faq-items/what-is-ketamine-infusion-treatment/"
CAREPOINT = "https://carepointinfusion.com/services/ketamine-substance-use-disorder/"
NORTH_TAMPA = "https://northtampaexecutivehealth.com/blog/ketamine-can-a-single-infusion-cure-addiction"
COHESIVE = "https://CohesiveSOULutions.com/ketamine"
AVENUES = "https://www.avenuesrecovery.com/understanding-addiction/ketamine-addiction/ketamine-infusion-for-addiction/"
BLOSSOM_REVIEW = "https://moreblossom.com/papers/efficacy-of-ketamine-in-the-treatment-of-substance-use-disorders-a-systematic-re"
CASE_REPORT = "https://123docz.net/document/11951704-experience-of-the-use-of-ketamine-to-manage-opioid-withdrawal-in-an-addicted-woman-a-case-report.htm"

PAGES = [
    (BLOSSOM_TRIAL,
     "Participants in the ketamine groups abstained from alcohol for a significantly longer number of days at 6-month follow-up, while the greatest abstinence was in the ketamine plus therapy group.",
     {"sub": {"alcohol"}, "sig": True, "dur": {(180, "follow_up")}, "out": {("abstinence", "increase")}}),
    (BLOSSOM_TRIAL,
     "Relapse times did not differ across the four groups.",
     {"groups": 4}),
    (MIMS,
     "Treatment with three infusions of ketamine is acceptable among patients with alcohol use disorder and results in more days of abstinence from alcohol at 6-month follow-up, a study has shown.",
     {"sessions": 3, "sub": {"alcohol"}, "route": {"intravenous"}, "out": {("abstinence", "increase")}, "dur": {(180, "follow_up")}}),
    (MIMS,
     "In this double-blind, placebo-controlled phase II clinical trial, the investigators randomized patients with severe alcohol use disorder to one of four conditions: 1) three weekly ketamine infusions (0.8 mg/kg i.v. over 40 minutes) plus psychological therapy, 2) three saline infusions plus psychological therapy, 3) three ketamine infusions plus alcohol education, or 4) three saline infusions plus alcohol education.",
     {"design": {"double_blind", "placebo_controlled", "trial", "randomized"}, "sub": {"alcohol"}, "groups": 4, "sessions": 3, "dose": {(0.8, None, "mg/kg")}, "route": {"intravenous"}, "comp": {"placebo"}}),
    (MIMS,
     "Moreover, no significant between-group difference was noted in relapse rate.",
     {}),
    (INTERESTING,
     "Not only did the earlier study show that ketamine and therapy were safe for people with severe alcohol use disorder, but it also found that the participants stayed completely sober - there was an 86 percent abstinence noted in the six-month follow-up.",
     {"sub": {"alcohol"}, "dur": {(180, "follow_up")}}),
    (NEWSBREAK,
     "The study findings, published in the American Journal of Psychiatry, show that ketamine-assisted therapy led to a 90% abstinence rate for AUD patients in the following six months.",
     {"sub": {"alcohol"}}),
    (INTEGRATIVE,
     "Participants who received ketamine and therapy stayed completely sober for 162 of 180 days in the six-month follow-up period, representing 87 percent abstinence.",
     {"dur": {(180, "follow_up")}, "arith": {(87.0, 162, 180, False)}}),
    (INTEGRATIVE,
     "People who suffer from alcohol addiction were able to abstain from drinking longer with the aid of ketamine and therapy, according to new research.",
     {"sub": {"alcohol"}, "out": {("abstinence", "increase")}}),
    (INFUSION_FAQ,
     "Low doses of ketamine are administered intravenously in the clinic.",
     {"route": {"intravenous"}}),
    (INFUSION_FAQ,
     "The patient returns for treatment three times per week over the course of two weeks.",
     {"dur": {(14, "for")}}),
    (CAREPOINT,
     "At CarePoint Infusion, we offer ketamine infusion therapy as an evidence-based option to treat substance use disorders—including alcohol, opioid, and cocaine use—when combined with psychotherapy and ongoing recovery support.",
     {"sub": {"alcohol", "opioids", "cocaine"}, "route": {"intravenous"}}),
    (CAREPOINT,
     "At low doses, it can rapidly reduce cravings and depressive symptoms and support neuroplasticity, creating a window where therapy and new coping skills can take hold.",
     {"out": {("craving", "decrease")}}),
    (CAREPOINT,
     "Studies report reduced cravings and self-administration for alcohol, opioids, and cocaine in some patients when ketamine is combined with therapy.",
     {"sub": {"alcohol", "opioids", "cocaine"}, "out": {("craving", "decrease"), ("use", "decrease")}}),
    (CAREPOINT,
     "Ketamine often produces a fast reduction in depressive symptoms and hopelessness, which commonly drive relapse.",
     {}),
    (NORTH_TAMPA,
     "Ketamine is a drug which was introduced to the US market in 1970 as an anesthetic.",
     {}),
    (NORTH_TAMPA,
     "When given intravenously, ketamine causes a rapid induction into sedation, but the patient continues breathing on their own.",
     {"route": {"intravenous"}}),
    (COHESIVE,
     "In several studies, more than half show a significant decrease in depression symptoms in 24 hours and approximately 4 out of 5 went on to show significant improvement.",
     {"sig": True, "dur": {(1, "within")}}),
    (AVENUES,
     "Recent studies show that ketamine infusion therapy, in addition to therapy on its own, can assist in lowering the chances of relapsing into addiction.",
     {"route": {"intravenous"}, "out": {("relapse", "decrease")}}),
    (AVENUES,
     "People with cocaine addictions received a ketamine infusion through an IV for 5 days, alongside mindfulness relapse prevention therapy (for 5 weeks) in a controlled hospital setting, and the conclusion showed promising results.",
     {"sub": {"cocaine"}, "route": {"intravenous"}, "dur": {(5, "for"), (35, "for")}}),
    (AVENUES,
     "The immediate effects are similar to that of every stimulant: the heart rate speeds up and the blood pressure goes down.",
     {}),
    (BLOSSOM_REVIEW,
     "Both cocaine studies found improvements in craving, motivation, and decreased cocaine use rates, although studies were limited by small sample sizes, a homogeneous population and short follow-up.",
     {"sub": {"cocaine"}, "out": {("craving", "decrease"), ("use", "decrease")}}),
    (BLOSSOM_REVIEW,
     "Studies of alcohol and opioid use disorders found improvement in abstinence rates in the ketamine group, with significant between-group effects noted for up to two years following a single infusion, although these were not placebo-controlled trials.",
     {"sub": {"alcohol", "opioids"}, "out": {("abstinence", "increase")}, "sig": True, "sessions": 1, "route": {"intravenous"}, "design": {"trial"}, "dur": {(730, "for")}}),
    (CASE_REPORT,
     "The patient dramatically reduced the dosage of opioid painkillers and ketamine was withdrawn without any withdrawal symptoms",
     {"sub": {"opioids"}}),
]

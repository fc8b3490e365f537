"""A held-out test set of real sentences about ketamine (for addiction, and the background facts
such pages state), each copied exactly as it appears on the public web page at its address. None
comes from the five seed articles, and none is among the sentences of `stated_facts_pages`.

Every sentence was labelled by hand from the library's own records (corpus/library.json,
corpus/outcomes.yaml, corpus/settled.yaml) BEFORE any of the project's assessment code was run
on it, and without reading that code, so the labels are independent of it.

Each entry:
    url       the page the sentence was read on (a stored copy of a public page);
    quote     the sentence exactly as the page shows it (typos included);
    study     the library key of the study the sentence is about, or None for general or
              background claims;
    accuracy  accurate | mostly_accurate | misleading | inaccurate | unsupported | unverifiable;
    why       the record fact (or settled fact) the label rests on.
"""

SENTENCES = [
    # --- Grabski 2022 (KARE trial, alcohol) -------------------------------------------------
    {
        "url": "https://www.psychiatryadvisor.com/home/topics/addiction/alcohol-related-disorders/ketamine-infusions-were-associated-with-fewer-days-of-alcohol-use/",
        "quote": "No effect on alcohol relapse at 180 days was observed for ketamine (odds ratio [OR], 0.80; 95% CI, 0.31-2.10).",
        "study": "grabski2022",
        "accuracy": "accurate",
        "why": "grabski2022: relapse at 6 months showed no significant difference, OR 0.80 (95% CI 0.31-2.10).",
    },
    {
        "url": "https://bepartofresearch.nihr.ac.uk/trial-details/trial-detail?trialId=12934",
        "quote": "We found KARE therapy could reduce drinking 6 months after the start of treatment when compared to placebo.",
        "study": "grabski2022",
        "accuracy": "mostly_accurate",
        "why": "grabski2022: % days abstinent at 6 months was higher with ketamine than placebo (MD 10.1%, 95% CI 1.1-19.0), but the other primary outcome, relapse at 6 months, showed no difference (OR 0.80).",
    },
    {
        "url": "https://edmmaniac.com/ketamine-reduce-drinking",
        "quote": "Furthermore, 86% continued to abstain from drinking in the six-month follow-up.",
        "study": "grabski2022",
        "accuracy": "misleading",
        "why": "grabski2022 reports a gain in percentage of days abstinent (MD 10.1% vs placebo; 15.9% ketamine+therapy vs saline+education) and no difference in relapse at 6 months (OR 0.80), so presenting 86% of people as staying abstinent overstates the result.",
    },
    {
        "url": "https://www.innerbloomketamine.com/blog/ketamine-was-associated-with-more-days-of-abstinence-from-alcohol-at-6-months",
        "quote": "This trial compared results between patients who receive ketamine to those who simply received education about alcohol abstinence.",
        "study": "grabski2022",
        "accuracy": "misleading",
        "why": "grabski2022 was a 2x2 factorial trial whose drug comparator was saline placebo infusions; alcohol education was the control for the therapy factor and was also given with ketamine (ketamine + education arm, n=24).",
    },
    {
        "url": "https://www.newsbreak.com/news/2482755410092/psychedelic-stock-news-awakn-life-sciences-otcqb-awknf-announces-positive-results-from-phase-ii-a-b-ketamine-assisted-therapy-for-treatment-of-alcohol-use-disorder-trial",
        "quote": "The risk of death for participants in the study, who regularly consumed up to 128 units of alcohol per week prior to the intervention, was reduced 10-fold after the ketamine therapy, which also utilized an AUD-specific form of mindfulness work.",
        "study": "grabski2022",
        "accuracy": "unsupported",
        "why": "grabski2022's record reports days abstinent, relapse and tolerability; it reports no mortality or risk-of-death outcome.",
    },
    {
        "url": "https://tastyflights.com/ketamine-can-help-alcoholics-cut-down-on-heavy-drinking-clinical-trial-finds",
        "quote": "Participants given ketamine and therapy drank over the recommended guidelines on just five days in total over the six month trial period on average, cutting the risk of death from alcohol-related problems from one in eight, to one in 80.",
        "study": "grabski2022",
        "accuracy": "unsupported",
        "why": "grabski2022's record holds no count of days over drinking guidelines and no risk-of-death outcome; only % days abstinent, relapse and tolerability.",
    },
    # --- Dakwar 2019 (cocaine) and Dakwar 2020 (alcohol) ------------------------------------
    {
        "url": "https://psychmedpllc.com/blog/ketamine-infusions-to-treat-cocaine-dependence/",
        "quote": "The authors found that ketamine infusions given at a dose of 0.5mg/kg over 40 minutes was well tolerated, and promoted abstinence in cocaine addicted patients.",
        "study": "dakwar2019",
        "accuracy": "accurate",
        "why": "dakwar2019: single IV infusion of 0.5 mg/kg over 40 min; end-of-study abstinence 48.2% vs 10.7% (midazolam); no removals for adverse events.",
    },
    {
        "url": "https://sam-ko-kmhs.squarespace.com/blog/2021/11/14/can-ketamine-infusions-help-with-at-risk-drinking?format=amp",
        "quote": "The participants in the ketamine group also had a significantly longer time to relapse compared to the midazolam group.",
        "study": "dakwar2020",
        "accuracy": "accurate",
        "why": "dakwar2020 (the parent trial of the rothberg2021 analysis the blog discusses): ketamine delayed time to relapse vs midazolam.",
    },
    # --- Krupitsky 1997 / 2002 / 2007, Jovaisa 2006 -----------------------------------------
    {
        "url": "https://www.lucid.news/psychedelic-u/conditions/substance-abuse-disorders/ketamine-for-substance-abuse-alcohol-and-opioids/",
        "quote": "In this clinical trial of 211 alcoholic patients, researchers found that 66 percent of 111 participants experienced total abstinence after one year following ketamine treatment, compared to 24 percent of patients in the conventional treatment group.",
        "study": "krupitsky1997",
        "accuracy": "accurate",
        "why": "krupitsky1997: n=211; total abstinence >1 year 65.8% (73/111) KPT vs 24% (24/100) conventional treatment.",
    },
    {
        "url": "https://www.lucid.news/psychedelic-u/conditions/substance-abuse-disorders/ketamine-for-substance-abuse-alcohol-and-opioids/",
        "quote": "70 participants were randomly assigned to a lower dose (0.2mg) or a higher dose (2.0mg) of ketamine.",
        "study": "krupitsky2002",
        "accuracy": "inaccurate",
        "why": "krupitsky2002: the doses were 2.0 mg/kg and 0.2 mg/kg IM (per kilogram of body weight), not 2.0 mg and 0.2 mg.",
    },
    {
        "url": "https://www.bluelight.org/community/threads/ketamine-infusion-therapy.919705/page-2",
        "quote": "In Krupitsky et al. (2002), the authors conducted a randomized controlled trial of 70 heroin-dependent participants in which they compared the efficacy of higher dose ketamine (2 mg/kg) vs. lower dose ketamine (0.2 mg/kg), both administered intramuscularly (IM) in conjunction with psychotherapy.",
        "study": "krupitsky2002",
        "accuracy": "accurate",
        "why": "krupitsky2002: double-blind RCT, n=70 heroin-dependent, 2.0 mg/kg IM vs 0.2 mg/kg IM, both with psychotherapy.",
    },
    {
        "url": "https://www.bluelight.org/community/threads/ketamine-infusion-therapy.919705/page-2",
        "quote": "The authors found 50% of participants from the multiple sessions group were abstinent at the 1 year follow-up compared to a notably reduced number in the single treatment group.",
        "study": "krupitsky2007",
        "accuracy": "accurate",
        "why": "krupitsky2007: abstinence at 1 year 13/26 (50%) multiple-KPT vs 6/27 (22.2%) single-KPT, p<0.05.",
    },
    {
        "url": "https://www.bluelight.org/community/threads/ketamine-infusion-therapy.919705/page-2",
        "quote": "To investigate ketamine’s potential to assist with opioid detoxification, Jovaisa et al. (2006) conducted a randomized controlled trial in which participants were given either saline placebo infusion or 0.5 mg/kg/h of IV ketamine prior to rapid opiate antagonist induction under general anesthesia.",
        "study": "jovaisa2006",
        "accuracy": "accurate",
        "why": "jovaisa2006: randomized placebo-controlled trial; IV ketamine 0.5 mg/kg/h vs normal saline before rapid opiate-antagonist induction under general anaesthesia.",
    },
    # --- Das 2019 (memory reconsolidation, hazardous drinkers) ------------------------------
    {
        "url": "https://loopmedicalcenter.com/addiction/",
        "quote": "In one study, alcoholics were instructed to recall maladaptive reward memories of alcohol and were then given Ketamine intravenously.",
        "study": "das2019",
        "accuracy": "misleading",
        "why": "das2019 studied non-treatment-seeking hazardous/harmful drinkers, not people with alcohol dependence (wrong population), though retrieval followed by IV ketamine is right.",
    },
    {
        "url": "https://www.myhighplains.com/news/for-your-health/ketamine-may-reduce-heavy-drinkers-craving/",
        "quote": "The study involved 55 men and 35 women who were drinking about 30 pints of beer a week – five times the recommended limit.",
        "study": "das2019",
        "accuracy": "unverifiable",
        "why": "das2019's record does not confirm the sample size or its sex split ('n: not confirmed in stored abstract'), so the library cannot settle this.",
    },
    {
        "url": "https://www.myhighplains.com/news/for-your-health/ketamine-may-reduce-heavy-drinkers-craving/",
        "quote": "During the following nine months, they managed to reduce their drinking, cutting their alcohol intake by about half.",
        "study": "das2019",
        "accuracy": "mostly_accurate",
        "why": "das2019: retrieval + ketamine reduced long-term drinking with no rebound for ~9 months, but the record does not confirm the size ('about half') of the reduction.",
    },
    # --- General claims ----------------------------------------------------------------------
    {
        "url": "https://loopmedicalcenter.com/addiction/",
        "quote": "Currently, there is a high rate of relapse for people with addiction disorders and there are no existing pharmacological treatments.",
        "study": None,
        "accuracy": "inaccurate",
        "why": "Settled: methadone is a medication for opioid use disorder; the library's flores2024 record studies medications for OUD (buprenorphine, methadone, naltrexone).",
    },
    {
        "url": "https://www.psychologytoday.com./us/blog/healthy-brain-happy-life/202203/can-ketamine-be-used-treat-addictions",
        "quote": "In a handful of randomized clinical trials, ketamine reduces substance use, and effects are long-lasting.",
        "study": None,
        "accuracy": "misleading",
        "why": "A categorical claim on small, low-certainty trials: jovaisa2006 found no difference at 4 months, dakwar2017's reductions were not sustained after several days, grabski2022 found no relapse difference, and walsh2022 judges SUD effects short-lived with high risk of bias.",
    },
    {
        "url": "http://www.insanemedicine.com/2018/08/ketamine-treatment-of-alcoholism-heroin-abuse-cocaine-abuse-703-844-0184-ketamine-therapy-in-fairfax-va-22304/",
        "quote": "Ketamine has been shown in some studies to prolong abstinence from alcohol and drug use disorders.",
        "study": None,
        "accuracy": "mostly_accurate",
        "why": "A hedged claim with mixed evidence: krupitsky1997/2002/2007, dakwar2019/2020 and grabski2022 (days abstinent) favour ketamine, but grabski2022 found no relapse difference and jovaisa2006 no difference at 4 months.",
    },
    {
        "url": "http://www.insanemedicine.com/2018/08/ketamine-treatment-of-alcoholism-heroin-abuse-cocaine-abuse-703-844-0184-ketamine-therapy-in-fairfax-va-22304/",
        "quote": "It also has been found to reduce cocaine craving and self-administration in untreated patients.",
        "study": None,
        "accuracy": "accurate",
        "why": "In non-treatment-seeking cocaine users, dakwar2014 found reduced cue-induced craving and dakwar2017 a 67% reduction in cocaine self-administration vs baseline (1.61 vs 4.33 choices vs midazolam).",
    },
    # --- Background facts (settled.yaml) -----------------------------------------------------
    {
        "url": "https://www.psychologytoday.com./us/blog/healthy-brain-happy-life/202203/can-ketamine-be-used-treat-addictions",
        "quote": "Unlike esketamine, ketamine [taken orally, through intramuscular (IM) injection or intravenously (IV)] is only FDA-approved for use as an anesthetic.",
        "study": None,
        "accuracy": "accurate",
        "why": "Settled: ketamine (Ketalar) is FDA-approved as an anesthetic only; esketamine is the FDA-approved drug for treatment-resistant depression.",
    },
    {
        "url": "https://whitesandstreatment.com/2022/03/28/ketamine-treatment-for-drug-addiction-in-tampa/",
        "quote": "It comes in a powder or liquid form and is approved by the FDA for medical uses to treat addiction.",
        "study": None,
        "accuracy": "inaccurate",
        "why": "Settled: ketamine's FDA-approved uses are anesthetic only; addiction treatment is not an approved use.",
    },
    {
        "url": "https://novarecoverycenter.com/treatment/fda-approves-ketamine-for-treatment-resistant-depression/",
        "quote": "Yesterday, on March 5, 2019, the FDA approved the use of ketamine for treatment-resistant depression.",
        "study": None,
        "accuracy": "inaccurate",
        "why": "Settled: ketamine is FDA-approved as an anesthetic only; the drug approved for treatment-resistant depression is esketamine, a drug made from ketamine.",
    },
    {
        "url": "https://evolvehealthcare.com/ketamineform",
        "quote": "Ketamine generally causes a significant increase in blood pressure but ususally not pulse rate.",
        "study": None,
        "accuracy": "inaccurate",
        "why": "Settled (label text): 'Blood pressure and pulse rate are frequently elevated' after ketamine, so ketamine usually raises the heart rate too.",
    },
    {
        "url": "https://laszlo4therapykap.com",
        "quote": "Ketamine typically causes an increase in blood pressure.",
        "study": None,
        "accuracy": "accurate",
        "why": "Settled: ketamine usually raises blood pressure (label: blood pressure frequently elevated).",
    },
    {
        "url": "http://www.insanemedicine.com/2018/08/ketamine-treatment-of-alcoholism-heroin-abuse-cocaine-abuse-703-844-0184-ketamine-therapy-in-fairfax-va-22304/",
        "quote": "Ketamine is a dissociative anesthetic that acts on the central nervous system by antagonizing the n-methyl-d-aspartate (NMDA) receptors.",
        "study": None,
        "accuracy": "accurate",
        "why": "Settled: ketamine is a dissociative anesthetic and blocks NMDA receptors (a kind of glutamate receptor).",
    },
    {
        "url": "https://nushama.com/post/author/nushama/page/3/",
        "quote": "Ketamine was first synthesized in 1962, and approved by the FDA in 1970 for use as an anesthetic.",
        "study": None,
        "accuracy": "accurate",
        "why": "Settled: ketamine was first made in 1962 and approved by the FDA in 1970, as an anesthetic.",
    },
    {
        "url": "https://game-online.club/store/audiobooks/details/Heather_Travis_Ketamine_Addiction?id=AQAAAEAq9za3DM",
        "quote": "This dissociative anesthetic, first synthesized in 1962 by Belgian pharmacologist Paul Janssen, was initially hailed as a safer alternative to phencyclidine (PCP) for medical procedures.",
        "study": None,
        "accuracy": "inaccurate",
        "why": "Settled source: the 1962 discovery is attributed to Parke-Davis and Dr. Calvin Lee Stevens, not Paul Janssen (the year is right, the maker is wrong).",
    },
    # --- Nothing in the library settles these -----------------------------------------------
    {
        "url": "https://gtr.ukri.org/projects?ref=MR/L023032/1",
        "quote": "Our research team have found preliminary evidence that 3 doses of the anaesthetic drug, ketamine, combined with psychological therapy can reduce one year relapse rates in alcohol by over 40%.",
        "study": None,
        "accuracy": "unverifiable",
        "why": "The library holds no record of this preliminary work; grabski2022 (the later trial) reports only 3- and 6-month outcomes, not one-year relapse.",
    },
    {
        "url": "https://edmmaniac.com/ketamine-reduce-drinking",
        "quote": "Ketamine has been researched in the United States by Florida State researchers and showed some promising results in curbing the desire to drink in rats.",
        "study": None,
        "accuracy": "unverifiable",
        "why": "The library holds no record of any animal study of ketamine and alcohol.",
    },
]

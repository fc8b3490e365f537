"""Real test inputs: the curated study library and reference strings from the seed articles.

Nothing here is invented. Records come from corpus/library.json; each reference string is
quoted verbatim from an article in corpus/texts/ (a test checks that it still is).
"""

import json
from functools import lru_cache
from pathlib import Path

from studies.references.matching import MatchIndex, StudyRecord

ROOT = Path(__file__).resolve().parents[2]
LIBRARY_PATH = ROOT / "corpus" / "library.json"
TEXTS = ROOT / "corpus" / "texts"

# seed 000 (Operator Health Index)
DAKWAR_2020_AS_WRITTEN = (
    "[1] Dakwar, E., Nunes, E. V., Hart, C. L., Hu, M. C., Foltin, R. W., & Levin, F. R. (2020). "
    "A single ketamine infusion combined with mindfulness-based behavioral modification to treat "
    "cocaine dependence: a randomized clinical trial. American Journal of Psychiatry, 177(9), 911-918."
)
CHAN_2021 = (
    "[2] Chan, H. K., Leung, P. W., & Lee, T. M. (2021). Efficacy and safety of ketamine in the "
    "management of alcohol use disorders: a systematic review and meta-analysis. Addiction, "
    "116(7), 1692-1701."
)
# seed 001 (PAX Institute)
KRUPITSKY_2002_AS_WRITTEN = (
    "1. Krupitsky, E. M., et al. (2002). The efficacy of ketamine in the treatment of alcohol "
    "dependence: A randomized controlled trial. Journal of Substance Abuse Treatment, 23(1), 89-96."
)
KRUPITSKY_2011 = (
    "2. Krupitsky, E. M., et al. (2011). Ketamine for the treatment of alcohol dependence: A "
    "randomized controlled trial. Alcoholism: Clinical and Experimental Research, 35(12), 2404-2410."
)
GROB_2011 = (
    "3. Grob, C. S., et al. (2011). Pilot study of psilocybin treatment for anxiety in patients "
    "with advanced-stage cancer. Archives of General Psychiatry, 68(1), 71-78."
)
BERMAN_2000 = (
    "4. Berman, R. M., et al. (2000). Antidepressant effects of ketamine in depressed patients. "
    "Biological Psychiatry, 47(4), 351-354."
)
MATHEW_2013 = (
    "5. Mathew, S. J., et al. (2013). Ketamine treatment for depression: A systematic review of "
    "the literature. Journal of Affective Disorders, 150(2), 717-723."
)
OLSSON_2014 = (
    "6. Olsson, E. M., et al. (2014). Ketamine-assisted psychotherapy in the treatment of "
    "substance use disorders: An exploratory study. Journal of Substance Abuse Treatment, "
    "46(4), 381-389."
)
SESSLER_2018 = (
    "7. Sessler, D. I., et al. (2018). Safety of intravenous ketamine in clinical practice. "
    "Anesthesiology Clinics, 36(3), 493-507."
)
LESTER_2020 = (
    "8. Lester, T., et al. (2020). Ketamine in the treatment of opioid use disorder: A clinical "
    "review. The Journal of Clinical Psychiatry, 81(3), 315-323."
)
ZARATE_2006_AS_WRITTEN = (
    "9. Zarate, C. A., et al. (2006). Replication of ketamine\u2019s antidepressant efficacy in "
    "major depression using an intravenous infusion. Archives of General Psychiatry, 63(6), 756-764."
)
BENEDETTI_2016 = (
    "10. Benedetti, F., et al. (2016). Ketamine as a treatment for drug addiction: From the "
    "laboratory to the clinic. Journal of Psychopharmacology, 30(6), 565-574."
)
# seed 002 (OUD article): APA entries with "Retrieved from" links
JHU_2024 = (
    "What to Know About Ketamine. (2024). Johns Hopkins Bloomberg School of Public Health. "
    "Retrieved from https://publichealth.jhu.edu/2024/what-to-know-about-ketamine"
)
MCARTHUR_2024 = (
    "McArthur, M., Tian, P., Kho, K., Bhavan, K. P., Balasubramanian, B. A., Ganguly, A. P. (2024). "
    "Childcare as a social determinant of access to healthcare: a scoping review. Frontiers in "
    "Public Health. Retrieved from https://doi.org/10.3389/fpubh.2024.1443992"
)
FLORES_2024 = (
    "Flores, J. M., Kan, E., Mooney, L. J., Pham, H., Zhu, Y., Wolitzky-Taylor, K., & Hser, Y.-I. "
    "(2024). medications for Opioid Use Disorder Among Transition Age Youth Compared to Adults 26 "
    "or Older in Rural Settings. JAACAP Open. Retrieved from https://doi.org/10.1016/j.jaacop.2024.02.001"
)
STEINHAUSER_2024_AS_WRITTEN = (
    "Steinhauser, S., Haroz, R., Jones, I., Skelton, W. P., Fuller, B. M., Roberts, M. B., "
    "Jones, C. W., Trzeciak, S., & Roberts, B. W. (2024). Emergency department staff compassion "
    "is associated with lower fear of enacted stigma among patients with opioid use disorder. "
    "Academic Emergency Medicine. Retrieved from https://pubmed.ncbi.nlm.nih.gov/11649595/"
)
# seed 003 (Riverwoods): bare links and bare titles
WEBMD_LINK = "https://www.webmd.com/mental-health/addiction/ketamine-for-addiction-what-to-know"
EZQUERRA_PUBMED_LINK = "https://pubmed.ncbi.nlm.nih.gov/29339294/"
EZQUERRA_TITLE = "Ketamine for the treatment of addiction: Evidence and potential mechanisms"
JONES_TITLE = (
    "Efficacy of Ketamine in the Treatment of Substance Use Disorders: A Systematic Review"
)
GRABSKI_LABELLED_TITLE = (
    "Ketamine in AUD 2022 \u2013 Adjunctive Ketamine With Relapse Prevention\u2013Based "
    "Psychological Therapy in the Treatment of Alcohol Use Disorder"
)
# The first page of the Lalanne et al. 2016 case report's PDF, as docslib.org copied it
# (bench/real_references): the running head, the kind of article, the title (two words lost
# in the copy) and the authors with their affiliations' numbers.
LALANNE_FIRST_PAGE = (
    "Lalanne et al. BMC (2016) 16:395 DOI 10.1186/s12888-016-1112-2\n\nCASEREPORT Open Access Experience of the "
    "use of to manage withdrawal in an addicted woman: a case report Laurence Lalanne1,2*, Chloe Nicot1, "
    "Jean-Philippe Lang1, Gilles Bertschy1,2 and Eric Salvat3,4"
)
# seed 002's table of unnamed studies
STUDY_A = "Study A"

SEED_REFERENCES = {
    "000_0fab14b3dcf54131.txt": [DAKWAR_2020_AS_WRITTEN, CHAN_2021],
    "001_f8c6ac165681c0f1.txt": [
        KRUPITSKY_2002_AS_WRITTEN,
        KRUPITSKY_2011,
        GROB_2011,
        BERMAN_2000,
        MATHEW_2013,
        OLSSON_2014,
        SESSLER_2018,
        LESTER_2020,
        ZARATE_2006_AS_WRITTEN,
        BENEDETTI_2016,
    ],
    "002_f7c5dc83241063cf.txt": [JHU_2024, MCARTHUR_2024, FLORES_2024, STEINHAUSER_2024_AS_WRITTEN],
    "003_77cc5b3fff699fea.txt": [
        WEBMD_LINK,
        EZQUERRA_PUBMED_LINK,
        EZQUERRA_TITLE,
        JONES_TITLE,
        GRABSKI_LABELLED_TITLE,
    ],
}


@lru_cache(maxsize=1)
def library_records() -> tuple[dict, ...]:
    return tuple(json.loads(LIBRARY_PATH.read_text(encoding="utf-8"))["records"])


def record(key: str) -> dict:
    return next(r for r in library_records() if r["key"] == key)


def study_record(key: str) -> StudyRecord:
    return StudyRecord.from_dict(record(key))


@lru_cache(maxsize=1)
def library_index() -> MatchIndex:
    return MatchIndex(StudyRecord.from_dict(r) for r in library_records())


def vancouver(key: str) -> str:
    """A Vancouver reference written from the library's own fields (nothing added)."""
    r = record(key)
    authors = ", ".join(
        f"{a['family']} {''.join(ch for ch in a['given'] if ch.isupper())}" for a in r["authors"]
    )
    source = f"{r['year']};{r['volume']}" + (f"({r['issue']})" if r["issue"] else "")
    source += f":{r['pages']}" if r["pages"] else ""
    doi = f" doi:{r['doi']}" if r["doi"] else ""
    return f"{authors}. {r['title']}. {r['container_title']}. {source}.{doi}"


def apa(key: str, **override) -> str:
    """An APA reference written from the library's fields, with some of them overridden."""
    r = {**record(key), **override}
    names = [f"{a['family']}, {a['given']}" for a in r["authors"]]
    authors = ", ".join(names[:-1]) + ", & " + names[-1] if len(names) > 1 else names[0]
    source = r["container_title"]
    if r.get("volume"):
        source += f", {r['volume']}" + (f"({r['issue']})" if r.get("issue") else "")
    if r.get("pages"):
        source += f", {r['pages']}"
    doi = f" https://doi.org/{r['doi']}" if r.get("doi") else ""
    return f"{authors} ({r['year']}). {r['title']}. {source}.{doi}"

"""References shared by the treatment, hyperviscosity and classification calculators (spec §§6d, 7, 8).

`verification` follows the spec legend: V read in the source, V2 secondary only, R recalled. A
reference whose identifier is not verified is marked so the page never presents it as checked.
"""

from __future__ import annotations

from .model import Reference

IWWM2_TREATMENT = Reference(
    id="iwwm2_kyle2003",
    citation="Kyle RA, Treon SP, Alexanian R, et al. [IWWM-2 consensus panel: prognostic markers and criteria to initiate therapy.] Semin Oncol 2003;30(2).",
    pmid="12720119",
    doi="10.1053/sonc.2003.50038",
    note="Pages (116-120) not confirmed.",
)
IWWM7 = Reference(
    id="iwwm7_dimopoulos2014",
    citation=(
        "Dimopoulos MA, Kastritis E, Owen RG, et al. Treatment recommendations for patients with Waldenström "
        "macroglobulinemia (WM) and related disorders: IWWM-7 consensus. Blood 2014;124(9):1404-1411."
    ),
    pmid="25027391",
    verification="R",
    note="Citation read in the source; the PMID is recalled, not confirmed. Criteria as tabulated by Medscape.",
)
ESMO_2018 = Reference(
    id="esmo2018",
    citation="Kastritis E, et al. [ESMO Clinical Practice Guidelines: Waldenström's macroglobulinaemia.] Ann Oncol 2018 (Suppl 4).",
    verification="V2",
    note="Content seen through the Medscape summary; volume and pages not confirmed.",
)
NCCN_SUMMARY = Reference(
    id="nccn_wm",
    citation=(
        "NCCN Clinical Practice Guidelines: Waldenström macroglobulinemia / lymphoplasmacytic lymphoma "
        "(WM/LPL-2, WM/LPL-3), as given in a third-party structured summary."
    ),
    verification="V2",
    note="The NCCN text itself was not reached; the 6000, 4000 and 3000 mg/dL figures are from the summary only.",
)
GUSTINE_2017 = Reference(
    id="gustine2017",
    citation="Gustine JN, et al. Serum IgM level as predictor of symptomatic hyperviscosity in Waldenström macroglobulinaemia. Br J Haematol 2017;177(5):717-725.",
    pmid="28485115",
    doi="10.1111/bjh.14743",
)
# BTK-inhibitor holds (issue 18, S3).

# PMC6029546 read: withdrawal symptoms in 20% of patients who held ibrutinib, within 2 days, resolving on restart;
# two-thirds of them without progression during the hold; response regained within 3 months of restarting.
CASTILLO_2018 = Reference(
    id="castillo2018",
    citation=(
        "Castillo JJ, Gustine JN, Meid K, Dubeau T, Severns P, Treon SP. Ibrutinib withdrawal symptoms in "
        "patients with Waldenström macroglobulinemia. Haematologica 2018;103(7):e307-e310."
    ),
    pmid="29472352",
    doi="10.3324/haematol.2017.186908",
    note="Letter read in PubMed Central (PMC6029546).",
)
IBRUTINIB_LABEL = Reference(
    id="ibrutinib_label",
    citation=(
        "IMBRUVICA (ibrutinib) product information, Janssen: special precautions (bleeding-related events), as "
        "reproduced by MIMS Malaysia."
    ),
    verification="V2",
    note="'Held at least 3 to 7 days pre- and post-surgery depending upon the type of surgery and the risk of "
    "bleeding' read in the reproduction; the regulator's own label text was not reached.",
)

ABEYKOON = Reference(
    id="abeykoon_hvs",
    citation=(
        "Abeykoon JP, Zanwar S, Ansell SM, et al. (Kumar S, Kapoor P). Predictors of symptomatic hyperviscosity "
        "in Waldenström macroglobulinemia. Mayo Clinic."
    ),
    verification="R",
    note="Abstract and authors read on the Mayo Clinic research portal (Research output: journal article); "
    "journal, year and PMID not shown there, so not recorded.",
)
MSMART_2010 = Reference(
    id="msmart2010",
    citation="Ansell SM, et al. [mSMART 2010: Mayo stratification of macroglobulinemia and risk-adapted therapy.] Mayo Clin Proc 2010;85(9):824-833.",
    pmid="20702770",
    doi="10.4065/mcp.2010.0304",
)
MENKE_2006 = Reference(
    id="menke2006",
    citation="Menke, et al. [Hyperviscosity-related retinopathy in WM.] Arch Ophthalmol 2006;124(11):1601-1606.",
    pmid="17102008",
)
MEDSCAPE_WM = Reference(
    id="medscape_wm",
    citation="Medscape eMedicine: Waldenström macroglobulinemia (treatment and hyperviscosity sections).",
    verification="V2",
    note="Secondary source.",
)
STONE_BOGEN_2012 = Reference(
    id="stone_bogen2012",
    citation="Stone MJ, Bogen SA. [Review of hyperviscosity.] Blood 2012;119:2205.",
    note="Bracketed text describes the paper; it is not its title.",
)
GERTZ_2003 = Reference(
    id="iwwm2_gertz2003",
    citation="Gertz MA, et al. [IWWM-2 treatment panel.] Semin Oncol 2003;30(2).",
    verification="V2",
    note="Content read in the source; identifiers not retrieved.",
)
# Title, issue and DOI read on the PubMed record (M10 of the 2026-12 review); authors not recorded there.
JAPANESE_SERIES_2024 = Reference(
    id="ther_apher_dial2024",
    citation=(
        "Efficacy and safety of therapeutic procedure for Waldenström's macroglobulinemia with hyperviscosity "
        "syndrome. Ther Apher Dial 2024;28(3):417-423 (Japanese series; criterion 'hyperviscosity or IgM ≥ 4000 "
        "mg/dL')."
    ),
    pmid="38069574",
    doi="10.1111/1744-9987.14094",
)
ECOG_FLARE_2004 = Reference(
    id="ecog_flare2004",
    citation=(
        "[Eastern Cooperative Oncology Group study.] Initial immunoglobulin M 'flare' after rituximab therapy in "
        "patients diagnosed with Waldenstrom macroglobulinemia. Cancer 2004;101(11):2593-2598."
    ),
    pmid="15493038",
    doi="10.1002/cncr.20658",
    note="Abstract read on PubMed: flare in up to 54%; IgM still raised at 4 months in 4 of 15 evaluable (27%). "
    "DOI from the independent review of 2026-12 (M10).",
)
KHWAJA_2022 = Reference(
    id="khwaja2022",
    citation=(
        "Khwaja J, D'Sa S, Minnema MC, Kersten MJ, Wechalekar A, Vos JMI. IgM monoclonal gammopathies of clinical "
        "significance: diagnosis and management. Haematologica 2022;107(9):2037-2050."
    ),
    pmid="35770530",
    doi="10.3324/haematol.2022.280953",
)
KYLE_2016 = Reference(
    id="kyle2016",
    citation=(
        "Kyle RA, et al. Prognostic factors and indications for treatment of Waldenström's macroglobulinemia. "
        "Best Pract Res Clin Haematol 2016;29(2):179-186."
    ),
    pmid="27825464",
    doi="10.1016/j.beha.2016.08.014",
)
BSH_2014 = Reference(
    id="bsh2014",
    citation="Owen RG, et al. [BSH guideline on the diagnosis and management of WM.] Br J Haematol 2014;165(3):316-333.",
)
ZANWAR_KAPOOR_2024 = Reference(
    id="zanwar_kapoor2024",
    citation=(
        "Zanwar S, Kapoor P. Diagnosis and risk stratification in Waldenström macroglobulinemia. J Natl Compr "
        "Canc Netw 2024;22(7):e247024."
    ),
    doi="10.6004/jnccn.2024.7024",
    note="Abstract read: lists acquired von Willebrand disease or acquired haemophilia-associated bleeding among "
    "emergent presentations, and histologic transformation among complications.",
)
VARETTONI_2017 = Reference(
    id="varettoni2017",
    citation=(
        "Varettoni M, Defrancesco I, Diamanti L, Marchioni E, Farina LM, Pichiecchio A. Bing-Neel syndrome: "
        "illustrative cases and comprehensive review of the literature. Mediterr J Hematol Infect Dis "
        "2017;9(1):e2017061."
    ),
    pmid="29181138",
    doi="10.4084/MJHID.2017.061",
)

# --- Issue 18 (h18a): the emergency message, IgM-MGCS and CAD sources. One block, kept together for merging. ---
KAPOOR_2017 = Reference(
    id="kapoor2017",
    citation=(
        "Kapoor P, et al. Diagnosis and management of Waldenström macroglobulinemia: Mayo Stratification of "
        "Macroglobulinemia and Risk-Adapted Therapy (mSMART) guidelines 2016. JAMA Oncol 2017;3(9):1257-1265."
    ),
    pmid="28056114",
    doi="10.1001/jamaoncol.2016.5763",
    note="Read (independent review 2026-12, PubMed mirror and PMC table 3): 'Plasma exchange should be promptly "
    "initiated before cytoreduction for hyperviscosity-related symptoms.'",
)
IWWM8_LEBLOND_2016 = Reference(
    id="iwwm8_leblond2016",
    citation=(
        "Leblond V, et al. [Treatment recommendations from the Eighth International Workshop on Waldenström's "
        "Macroglobulinemia (IWWM-8).] Blood 2016;128(10):1321."
    ),
    verification="V2",
    note="Consensus table as quoted by the independent review 2026-12 from a stored copy: 'plasmapheresis can be "
    "used to prevent flare in patients with high IgM level (typically >4000 mg/dL) before rituximab "
    "administration.' Not re-read here; PMID and DOI not recorded.",
)
BERENTSEN_2021 = Reference(
    id="berentsen2021",
    citation="Berentsen S. How I treat cold agglutinin disease. Blood 2021;137(10):1295-1303.",
    verification="V",
    note="Abstract read (ashpublications): 'Corticosteroids should not be used to treat CAD.' 'B cell-directed "
    "approaches remain the first choice in most patients requiring treatment'; bendamustine plus rituximab; "
    "rituximab monotherapy in frail patients; sutimlimab second line. Single author as printed on the stored "
    "page; page range and identifiers not recorded.",
)
TIEDE_2011 = Reference(
    id="tiede2011_avws",
    citation=(
        "Tiede A, Rand JH, Budde U, Ganser A, Federici AB. How I treat the acquired von Willebrand syndrome. "
        "Blood 2011;117(25):6777-6785."
    ),
    pmid="21540459",
    doi="10.1182/blood-2010-11-297580",
    verification="V",
    note="Abstract read (ashpublications): treatment of the underlying condition can result in remission; acute "
    "bleeds and procedures may need desmopressin, VWF-containing concentrates, intravenous immunoglobulin, "
    "plasmapheresis or recombinant factor VIIa. Authors, pages, PMID and DOI read on the Weill Cornell "
    "bibliographic record (issue 18 citations).",
)
NICOL_2022 = Reference(
    id="nicol2022_avws",
    citation=(
        "Nicol C, Pan-Petesch B, Ianotto JC. Acquired von Willebrand syndrome and lymphoid neoplasms: a review of "
        "malignancy management, and propositions of practical recommendations. Haemophilia 2022."
    ),
    doi="10.1111/hae.14648",
    note="Abstract read: AWS is 'primarily associated with … IgM monoclonal gammopathy of undetermined "
    "significance'; 'symptomatic treatments are important to control and prevent bleeding', and it 'can only be "
    "cured by targeting the responsible clonal cell'.",
)
CARAVACA_2017 = Reference(
    id="caravaca2017_mgrs",
    citation=(
        "Caravaca-Fontán F, Gutiérrez E, Delgado Lillo R, Praga M. Monoclonal gammopathies of renal significance. "
        "Nefrologia 2017;37(5):465-477 (English edition)."
    ),
    doi="10.1016/j.nefroe.2017.09.002",
    note="Abstract read: in MGRS 'therapeutic procedures aimed at controlling monoclonal protein synthesis and "
    "secretion can be indicated, irrespective of the classic criteria based on malignant tumour expansion'; renal "
    "biopsy is key. DOI of the English edition read in the publisher's citation export; pages on its PDF.",
)
LEUNG_2021 = Reference(
    id="leung2021_mgrs",
    citation="Leung N, Bridoux F, Nasr SH. Monoclonal gammopathy of renal significance. N Engl J Med 2021;384:1931-1941.",
    doi="10.1056/NEJMra1810907",
    note="First page read: MGRS is 'any B-cell or plasma-cell clonal disorder that does not fulfill the criteria for "
    "cancer yet produces a nephrotoxic monoclonal immunoglobulin'.",
)
SIMON_2013 = Reference(
    id="simon2013",
    citation=(
        "Simon A, Asli B, Braun-Falco M, et al. Schnitzler's syndrome: diagnosis, treatment, and follow-up. "
        "Allergy 2013;68(5):562-568."
    ),
    doi="10.1111/all.12129",
    verification="R",
    note="Recalled: IL-1 blockade (anakinra) as the treatment of choice; the DOI is the one the site's IgM-related "
    "disorders article gives, not re-read here.",
)
RANDEN_2013 = Reference(
    id="randen2013_cad",
    citation=(
        "Randen U, et al. Primary cold agglutinin-associated lymphoproliferative disease: a B-cell lymphoma of the "
        "bone marrow distinct from lymphoplasmacytic lymphoma. Blood 2013;122(21):4335 (ASH abstract)."
    ),
    verification="V",
    note="Abstract read: marrow nodules of small monoclonal B cells (median 10%), no plasmacytoid features, "
    "'different from lymphoplasmacytic lymphoma'; MYD88 L265P 'not detected (17/17 cases)'.",
)
ALAGGIO_2022 = Reference(
    id="alaggio2022_whohaem5",
    citation=(
        "Alaggio R, et al. The 5th edition of the World Health Organization Classification of Haematolymphoid "
        "Tumours: lymphoid neoplasms. Leukemia 2022;36(7):1720-1748."
    ),
    pmid="35732829",
    doi="10.1038/s41375-022-01620-2",
    note="Only the introduction was reachable in a stored copy; the criteria for IgM MGUS subtypes, "
    "lymphoplasmacytic lymphoma and cold agglutinin disease were not read, so none is applied.",
)
CAMPO_2022 = Reference(
    id="campo2022_icc",
    citation=(
        "Campo E, Jaffe ES, Cook JR, Quintanilla-Martinez L, et al. The International Consensus Classification of "
        "Mature Lymphoid Neoplasms: a report from the Clinical Advisory Committee. Blood 2022."
    ),
    doi="10.1182/blood.2022015851",
    note="Only the abstract was reachable in a stored copy; its criteria for IgM MGUS subtypes, "
    "lymphoplasmacytic lymphoma and cold agglutinin disease were not read, so none is applied.",
)
# The ICC's plasma-cell chapter, read in its opening section only (stored copy of the Springer page): the ICC "recognizes
# two subtypes of IgM MGUS"; "IgM MGUS of plasma cell type is defined as those cases demonstrating t(11;14)(q13;q32)
# or other cyto[genetic ...]" (the stored text stops there). Quoted on the pages, not applied.
ICC_PLASMA_CELL_2023 = Reference(
    id="icc2022_plasmacell",
    citation=(
        "Plasma cell neoplasms and related entities in the 2022 International Consensus Classification (first "
        "author Fend F, as listed by a secondary source; title and authors not read in the stored copy). Virchows "
        "Arch 2023."
    ),
    doi="10.1007/s00428-022-03431-3",
    verification="V2",
    note="Opening section read: IgM MGUS is 'IgM paraprotein with < 10% bone marrow clonal plasma cells and "
    "lacking lymphoplasmacytic B-cell aggregates sufficient for a diagnosis of LPL'; the ICC recognizes two "
    "subtypes, IgM MGUS of plasma cell type (t(11;14) or other cytogenetic findings; the text read stops there) "
    "and the rest. Not applied.",
)
MEDSCAPE_CAD = Reference(
    id="medscape_cad",
    citation="Medscape (Aljubran SA). Cold agglutinin disease: what is the role of blood transfusions? Updated 2018.",
    verification="V2",
    note="Secondary source: warmed red cells, 'an in-line blood warmer is useful, as is performing the entire "
    "transfusion at 37°C'.",
)
ANTI_MAG_WORSENING = Reference(
    id="anti_mag_rituximab_worsening",
    citation="[Letter.] Rapid worsening of IgM anti-MAG demyelinating polyneuropathy during rituximab treatment.",
    verification="V2",
    note="Letter read in a stored copy: three patients with anti-MAG neuropathy 'rapidly worsened within weeks after "
    "the start of rituximab treatment'. Authors, journal and identifiers not recorded.",
)

"""The demo clinic's people and prices: invented names, real code systems, realistic fees.

Fees are in cents, close to a 2026 national Medicare fee schedule (non-facility); the
commercial payers pay a percentage of them. ICD-10-CM codes are real billable codes.
"""

from __future__ import annotations

from timer_app.billing import Discipline
from timer_app.records.model import Clinic, Diagnosis, Role
from timer_app.records.people import Access

CLINIC = Clinic(
    name="Riverside Physical & Speech Therapy",
    address="418 River Road, Suite 2\nSpringfield, IL 62704",
    phone="(217) 555-0142",
    tax_id="37-1234567",
    billing_npi="1588667638",
)

# (name, credentials, NPI, discipline, role, favourite codes)
CLINICIANS = (
    ("Dana Reyes", "PT, DPT", "1245319599", Discipline.PT, Role.PT,
     ("97110", "97140", "97112", "97530", "97116")),
    ("Sam Ortiz", "PTA", "1982746103", Discipline.PT, Role.PTA,
     ("97110", "97112", "97116", "97530", "97010")),
    ("Priya Natarajan", "MS, CCC-SLP", "1730527466", Discipline.SLP, Role.SLP,
     ("92507", "92526", "97129", "97130", "92523")),
)  # fmt: skip

# (name, access, the clinician it is by index or None, PIN): PINs shown on the demo screen
USERS = (
    ("Dana Reyes", Access.THERAPIST, 0, "1111"),
    ("Sam Ortiz", Access.ASSISTANT, 1, "2222"),
    ("Priya Natarajan", Access.THERAPIST, 2, "3333"),
    ("Kim Lee (front desk)", Access.FRONT_DESK, None, "4444"),
    ("Alex Morgan (owner)", Access.OWNER, None, "9999"),
)

MEDICARE_FEES = {
    "97110": 2906, "97112": 3337, "97113": 3946, "97116": 2885, "97124": 2713, "97140": 2678,
    "97530": 3523, "97533": 3720, "97535": 3225, "97537": 3013, "97542": 3109, "97750": 3177,
    "97755": 3409, "97760": 4498, "97761": 3845, "97763": 4979, "97129": 2411, "97130": 2106,
    "97032": 1796, "97033": 2338, "97034": 1588, "97035": 1496, "97036": 2579, "97010": 594,
    "97012": 1356, "97014": 1214, "G0283": 1129, "97016": 1540, "97018": 905, "97022": 1846,
    "97024": 497, "97026": 463, "97028": 511, "97150": 1688, "97161": 10162, "97162": 10162,
    "97163": 10162, "97164": 6965, "97165": 10618, "97166": 10618, "97167": 10618,
    "97168": 7213, "92507": 8562, "92508": 2556, "92521": 14032, "92522": 11570,
    "92523": 23476, "92524": 11989, "92526": 9345, "92610": 8723,
    "97550": 4210, "97551": 1873, "97552": 1352, "96105": 10420, "96125": 11210,
    "92607": 17654, "92608": 6932,
}  # fmt: skip

# (payer name, profile in resources/payers.json, percent of the Medicare fee)
PAYERS = (
    ("Medicare", "Medicare", 100),
    ("Blue Cross Blue Shield of Illinois", "Commercial (AMA)", 135),
    ("Aetna", "Commercial (CMS rule)", 120),
    ("UnitedHealthcare", "Commercial (AMA)", 125),
)

DIAGNOSES = {
    code: Diagnosis(code, text)
    for code, text in (
        ("M54.50", "Low back pain, unspecified"),
        ("M54.16", "Radiculopathy, lumbar region"),
        ("M48.061", "Spinal stenosis, lumbar region without neurogenic claudication"),
        ("M25.561", "Pain in right knee"),
        ("M17.11", "Unilateral primary osteoarthritis, right knee"),
        ("S83.511A", "Sprain of anterior cruciate ligament of right knee, initial encounter"),
        ("M75.101", "Unspecified rotator cuff tear or rupture of right shoulder, not "
                    "specified as traumatic"),
        ("S72.001D", "Fracture of unspecified part of neck of right femur, subsequent "
                     "encounter for closed fracture with routine healing"),
        ("I69.351", "Hemiplegia and hemiparesis following cerebral infarction affecting "
                    "right dominant side"),
        ("R26.81", "Unsteadiness on feet"),
        ("M62.81", "Muscle weakness (generalized)"),
        ("R13.12", "Dysphagia, oropharyngeal phase"),
        ("R47.01", "Aphasia"),
        ("F80.2", "Mixed receptive-expressive language disorder"),
        ("I63.9", "Cerebral infarction, unspecified"),
    )
}  # fmt: skip

# (name, date of birth, address, payer index, member ID, diagnoses, clinician index)
PATIENTS = (
    ("Margaret Collins", "1948-03-14", "22 Oak Street\nSpringfield, IL 62702", 0,
     "1EG4TE5MK72", ("M17.11", "M25.561", "R26.81"), 0),
    ("Harold Jenkins", "1943-11-02", "9 Cedar Lane\nChatham, IL 62629", 0,
     "2FH7UJ3NK15", ("I69.351", "R26.81", "M62.81"), 1),
    ("Lucia Romero", "1985-06-21", "1407 Walnut Ave\nSpringfield, IL 62704", 1,
     "XOJ884512097", ("S83.511A", "M25.561"), 0),
    ("Derek Thompson", "1979-09-30", "60 Pine Court\nSherman, IL 62684", 2,
     "W218837465", ("M54.50", "M54.16"), 1),
    ("Eleanor Price", "1951-01-08", "311 Maple Drive\nSpringfield, IL 62703", 0,
     "3GJ2WK8PM41", ("R13.12", "I63.9"), 2),
    ("Walter Brooks", "1939-07-17", "5 Birch Road\nRochester, IL 62563", 0,
     "4HK9XM2QR63", ("R47.01", "I69.351", "R13.12"), 2),
    ("Aisha Patel", "1992-12-05", "88 Elm Street, Apt 4\nSpringfield, IL 62701", 3,
     "UHC771203456", ("M75.101",), 0),
    ("Robert Kim", "1957-04-27", "2210 Lake Shore Dr\nSpringfield, IL 62712", 0,
     "5JM3YN7TT82", ("M48.061", "M54.50", "R26.81"), 1),
    ("Grace Okafor", "1946-08-19", "17 Willow Way\nPetersburg, IL 62675", 0,
     "6KN8XP4UV24", ("S72.001D", "R26.81", "M62.81"), 0),
    ("Thomas Nguyen", "1988-02-11", "402 Chestnut St\nSpringfield, IL 62702", 1,
     "XOJ902318844", ("M54.16", "M54.50"), 1),
    ("Beverly Hughes", "1950-10-23", "73 Spruce Blvd\nChatham, IL 62629", 0,
     "7MP2AQ9WX35", ("M17.11", "M62.81"), 0),
    ("Samuel Ortega", "2016-05-09", "1290 Prairie Ave\nSpringfield, IL 62704", 3,
     "UHC880145672", ("F80.2",), 2),
    ("Nora Fitzgerald", "1944-12-30", "6 Hawthorn Place\nSpringfield, IL 62711", 0,
     "8NR5CT3YX46", ("I63.9", "R13.12", "R47.01"), 2),
    ("Kevin Walsh", "1975-03-03", "915 Ash Street\nAuburn, IL 62615", 2,
     "W330918274", ("S83.511A",), 0),
    ("Patricia Lee", "1955-09-14", "44 Poplar Lane\nSpringfield, IL 62703", 0,
     "9PT7CV6AC57", ("M48.061", "R26.81"), 1),
    ("Jamal Carter", "1990-07-25", "2301 Sunset Ave\nSpringfield, IL 62707", 1,
     "XOJ775340918", ("M75.101", "M62.81"), 0),
    ("Dorothy Evans", "1941-02-16", "12 Mill Road\nPleasant Plains, IL 62677", 0,
     "1QV4DW8CD68", ("I69.351", "R13.12", "M62.81"), 2),
    ("Frank Morales", "1963-11-11", "508 Grove St\nSpringfield, IL 62702", 2,
     "W441209385", ("M54.50", "M48.061"), 1),
    ("Helen Schultz", "1949-06-06", "27 Orchard Court\nSpringfield, IL 62704", 0,
     "2RW9EX5EF79", ("M17.11", "S72.001D", "R26.81"), 0),
    ("Olivia Bennett", "2001-01-19", "1650 College Ave\nSpringfield, IL 62703", 3,
     "UHC992341087", ("M25.561", "M62.81"), 1),
)  # fmt: skip

# What a visit looks like, per clinician: (code, minutes, seconds) blocks in the order
# delivered; an untimed code's block is its own length. Picked in turn for variety.
PLANS = {
    Role.PT: (
        (("97110", 18, 20), ("97140", 13, 5), ("97116", 10, 0), ("97010", 10, 0)),
        (("97162", 35, 0), ("97110", 16, 40)),
        (("97140", 24, 10), ("97530", 15, 30), ("97014", 15, 0)),
        (("97112", 20, 45), ("97110", 9, 50), ("97035", 8, 40)),
        (("97530", 23, 0), ("97140", 8, 0), ("97110", 7, 30)),
        (("97164", 25, 0), ("97110", 14, 15), ("97140", 11, 0)),
    ),
    Role.PTA: (
        (("97110", 22, 0), ("97112", 15, 20), ("97010", 10, 0)),
        (("97116", 17, 30), ("97110", 12, 10), ("97530", 9, 0)),
        (("97112", 25, 5), ("97530", 14, 40)),
        (("97110", 30, 0), ("97014", 15, 0)),
        (("97530", 11, 0), ("97110", 11, 0), ("97116", 7, 0)),
    ),
    Role.SLP: (
        (("92507", 45, 0),),
        (("92526", 30, 0), ("97129", 15, 0), ("97130", 14, 0)),
        (("92523", 60, 0),),
        (("92507", 40, 0), ("97129", 12, 30)),
    ),
}

# What the claim form (CMS-1500) asks besides, by patient: sex (item 3), the physician who
# referred or certified the plan of care and the NPI (items 17/17b: every Medicare patient
# has one), the group number (item 11), a secondary payer's index in PAYERS and member ID
# (item 9). The NPIs are made up, with a valid check digit.
MARSH = ("Helen Marsh, MD", "1482736455")
COLE = ("Raymond Cole, DO", "1619384724")
MEHTA = ("Arun Mehta, MD", "1304578218")
NOBODY = ("", "")
CLAIM_ITEMS: dict[str, tuple[str, tuple[str, str], str, int | None, str]] = {
    "Margaret Collins": ("F", MARSH, "", None, ""),
    "Harold Jenkins": ("M", COLE, "", 1, "XOJ450117732"),
    "Lucia Romero": ("F", NOBODY, "IL4402187", None, ""),
    "Derek Thompson": ("M", MEHTA, "086512-010", None, ""),
    "Eleanor Price": ("F", MEHTA, "", None, ""),
    "Walter Brooks": ("M", COLE, "", None, ""),
    "Aisha Patel": ("F", MARSH, "717733", None, ""),
    "Robert Kim": ("M", MARSH, "", None, ""),
    "Grace Okafor": ("F", COLE, "", None, ""),
    "Thomas Nguyen": ("M", NOBODY, "IL4402187", None, ""),
    "Beverly Hughes": ("F", MARSH, "", None, ""),
    "Samuel Ortega": ("M", MEHTA, "717733", None, ""),
    "Nora Fitzgerald": ("F", MEHTA, "", None, ""),
    "Kevin Walsh": ("M", NOBODY, "086512-010", None, ""),
    "Patricia Lee": ("F", COLE, "", None, ""),
    "Jamal Carter": ("M", NOBODY, "IL4402187", None, ""),
    "Dorothy Evans": ("F", MEHTA, "", None, ""),
    "Frank Morales": ("M", COLE, "086512-010", None, ""),
    "Helen Schultz": ("F", MARSH, "", None, ""),
    "Olivia Bennett": ("F", NOBODY, "717733", None, ""),
}

"""The toxicity rule family: accusations of dishonesty, insults, threats, profanity, slurs.

``TOXICITY_RULES`` holds one default-configured instance of each, in the order the default rule
set runs them (after the spam rules). The factories build re-configured ones; each returns a
frozen rule object whose repr is the factory call that builds it.

Default scores use the engine's thresholds (hold at 5, reject at 10): an accusation, insult,
slur or swearing at a person holds on its own (6); a threat holds with room to spare (8) and
rejects with any other finding; plain swearing (1.5) and a disguise (2) only add up.
"""

from __future__ import annotations

from threadkit.moderation._accusation import Accusation, accusations
from threadkit.moderation._insults import Insult, insults
from threadkit.moderation._profanity import (
    DisguisedProfanity,
    Profanity,
    ProfanityAtPerson,
    Slur,
    obfuscated_profanity,
    profanity,
    profanity_at_person,
    slurs,
)
from threadkit.moderation._rule import Rule
from threadkit.moderation._threats import Threat, threats

#: The toxicity rules with their default settings, in order.
TOXICITY_RULES: tuple[Rule, ...] = (
    accusations(),
    insults(),
    threats(),
    profanity_at_person(),
    slurs(),
    obfuscated_profanity(),
    profanity(),
)

#: The public factories, by the name a configuration's ``kind`` uses for each.
TOXICITY_FACTORIES = {
    "accusation": accusations,
    "insult": insults,
    "threat": threats,
    "profanity_at_person": profanity_at_person,
    "slur": slurs,
    "obfuscated_profanity": obfuscated_profanity,
    "profanity": profanity,
}

__all__ = [
    "TOXICITY_FACTORIES",
    "TOXICITY_RULES",
    "Accusation",
    "DisguisedProfanity",
    "Insult",
    "Profanity",
    "ProfanityAtPerson",
    "Slur",
    "Threat",
    "accusations",
    "insults",
    "obfuscated_profanity",
    "profanity",
    "profanity_at_person",
    "slurs",
    "threats",
]

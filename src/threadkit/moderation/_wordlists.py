"""threadkit's own word lists for the toxicity rules (data only; see ``_lexicon`` for matching).

Kinds tell the clause analyser how a word can aim at a person: a ``noun`` names one ("liar"),
an ``adj`` describes one ("dishonest"), a ``verb`` is something one did ("lied"), an ``ing``
form is any of the three ("lying"), an ``abstract`` noun needs an owner ("your lies") and a
``negpos`` word accuses only when negated ("you were not honest").
"""

from __future__ import annotations

from threadkit.moderation._lexicon import plurals, words

# --- accusations of dishonesty -------------------------------------------------------------

ACCUSATION_NOUNS = plurals("""
    liar, pathological liar, compulsive liar, fibber, fraud, fraudster, con artist, con man,
    conman, con woman, cheat, cheater, scammer, swindler, hypocrite, charlatan, grifter, crook,
    phony, phoney, fake, impostor, imposter, huckster, snake oil salesman, bullshitter, trickster,
    backstabber, two face, weasel, shill, quack, double dealer, perjurer, deceiver
""")
ACCUSATION_ADJS = words("""
    dishonest, deceptive, deceitful, untruthful, mendacious, duplicitous, disingenuous,
    two faced, twofaced, two-faced, fraudulent, crooked, untrustworthy, insincere, hypocritical,
    manipulative, lying, conniving, shady, sneaky, shifty, underhanded, treacherous, devious,
    dishonorable, dishonourable
""")
ACCUSATION_VERBS = words("""
    lied, lie, lies, fibbed, fibbing, deceived, deceive, deceives, cheated, cheats,
    scammed, scams, conned, swindled, defrauded, misled, mislead, misleads,
    told lies, tell lies, tells lies, told a lie, tell a lie, told me lies, told us lies,
    spread lies, spreading lies, spreads lies, made it up, made that up, make things up,
    made things up, lied through your teeth, lying through your teeth,
    committed fraud, commit fraud, commits fraud, backstabbed, double crossed, two timed
""")
ACCUSATION_INGS = words("""
    lying, cheating, deceiving, scamming, conning, swindling, misleading, backstabbing,
    bullshitting
""")
ACCUSATION_ABSTRACT = words("""
    lies, dishonesty, deceit, deception, deceptions, deceitfulness, hypocrisy, fraud, frauds,
    scam, scams, fibs, falsehoods, duplicity, trickery, lying, cheating
""")
# Accuse only when negated: "you weren't honest", "you have never been truthful".
ACCUSATION_NEGPOS = words("""
    honest, truthful, trustworthy, straight with, upfront, up front, sincere, transparent,
    told the truth, tell the truth, tells the truth, telling the truth, be trusted
""")

# --- insults ---------------------------------------------------------------------------------

INSULT_NOUNS = plurals("""
    idiot, moron, imbecile, cretin, loser, clown, jerk, dimwit, halfwit, nitwit, dunce, fool,
    buffoon, numpty, muppet, pillock, plonker, prat, scumbag, sleazebag, dirtbag, sleazeball,
    creep, weirdo, slob, leech, parasite, lowlife, low life, degenerate, deadbeat, troll,
    simpleton, ignoramus, airhead, bonehead, knucklehead, meathead, blockhead, numbskull,
    lunatic, psycho, maniac, freak, waste of space, waste of oxygen, waste of air,
    piece of garbage, piece of trash, piece of work, nonentity, coward, wimp, pest,
    rat, cockroach, worm, pig, animal, vermin, subhuman, sub human, savage, plague, cancer,
    disgrace, embarrassment, laughingstock, joke, failure, nutjob, nutcase, dipstick, tool,
    goon, thug, brute, beast, snowflake, dumbo, virus, disease, infestation, vermin
""") + words("""
    scum, trash, garbage, filth, rubbish, dirt, vermin, human garbage, human trash, lesser beings,
    lesser being, scum of the earth
""")
# Insult nouns too common in other senses to count without an explicit person ("what a joke").
WEAK_INSULTS = frozenset(
    plurals("""
    joke, tool, animal, beast, plague, cancer, disgrace, failure, pig, worm, rat, pest,
    embarrassment, nonentity, savage, snowflake, troll, cockroach, clown, dirt, rubbish, trash,
    garbage, filth, fool, freak, brute, goon, thug, creep, leech, parasite, coward, wimp, tool,
    vermin, maniac, lunatic
""")
) | frozenset(words("trash, garbage, filth, rubbish, dirt, vermin, scum"))
# Nouns of contempt held for someone: "I have so much hatred for you".
CONTEMPT_NOUNS = words("hatred, contempt, disdain, disgust, loathing, hate, scorn, revulsion")
# Fed up with someone: "disgusted by all the X around here", "so sick of people like you".
FED_UP = words("""
    disgusted by, disgusted with, sick of, sick and tired of, fed up with, pissed off by,
    pissed off with, repulsed by, revolted by, sickened by
""")
INSULT_ADJS = words("""
    stupid, stoopid, stupidest, dumb, dumbest, idiotic, moronic, brainless, clueless, ignorant,
    pathetic, worthless, useless, incompetent, dense, dim, braindead, brain dead, dimwitted,
    halfwitted,
    disgusting, repulsive, revolting, vile, despicable, contemptible, repugnant, loathsome,
    hideous, sickening, pitiful, spineless, gutless, cowardly, delusional, deranged, demented,
    mental, unhinged, thick, thick headed, feeble minded, simple minded, small minded,
    narrow minded, uneducated, illiterate, subhuman, filthy, scummy, trashy, sleazy, creepy,
    nasty, ugly, gross, dirty, lazy, inferior, uncivilised, uncivilized, primitive, backward,
    barbaric, evil, wicked, rotten, toxic, insufferable, obnoxious, worst, shitty,
    fucked in the head, fucked up in the head, brain damaged
""")
# Verbs of contempt that become an insult when the writer aims them at a person.
HATE_VERBS = words("""
    hate, despise, detest, loathe, can't stand, cannot stand, can not stand, abhor, hated,
    despised, detested, loathed
""")
# ... and verbs whose subject is the one despised: "you disgust me", "they make me sick".
DISGUST_VERBS = words("""
    disgust, disgusts, sicken, sickens, make me sick, makes me sick, repulse, repulses,
    make me want to vomit, makes me want to vomit, make me puke, makes me puke
""")

# --- threats ---------------------------------------------------------------------------------

# Violent verbs: a threat when the writer means to do them to a person ("I will kill you").
THREAT_VERBS = words("""
    kill, murder, shoot, stab, strangle, choke, rape, slaughter, torture, butcher, execute,
    hang, lynch, drown, burn, behead, decapitate, maim, mutilate, punch, beat up, batter, kick,
    slap, exterminate, eradicate, wipe out, annihilate, massacre, gas, bomb, attack, assault,
    harm, injure, wound, hurt, poison, run over, dox, doxx, stomp, shank, eliminate, knife,
    smack, bash, curb stomp, lay hands on, put hands on, put a bullet in, get rid of,
    attacking, killing, hurting, torturing, shooting, stabbing, beating up, raping, murdering,
    slaughtering, hunting down, lynching, hanging, put an end to
""")
# Verbs that threaten only with a bare person object and nothing after: "I will find you."
# (not "I'll find you a link"), "we'll get you for this" (not "I'll get you a coffee").
THREAT_WEAK_VERBS = words("""
    find, get, come for, come after, hunt down, hunt, track down, destroy, ruin, end, finish,
    deal with, wreck, teach a lesson, visit, bury, crush, beat, hit, get even with
""")
# Threats with their person inside: "we will make you pay".
THREAT_WITH_OBJECT = words("""
    make you pay, make you suffer, make you regret, make them pay, make them suffer, make him pay,
    make her pay, make him suffer, make her suffer, make you disappear, make them disappear,
    put you in the ground, put you in a hole, put you in hospital, put you in the hospital
""")
# Verbs that threaten a body: "break your legs", "cut their throats".
THREAT_BODY_VERBS = words("""
    break, snap, cut, slit, smash, bash, crack, rip, gouge, rip out, pull out, knock out,
    bash in, smash in, kick in, cave in, stab, shoot, punch
""")
THREAT_PARTICIPLES = words("""
    killed, murdered, hurt, shot, stabbed, strangled, raped, slaughtered, tortured, executed,
    hanged, hung, lynched, drowned, burned, burnt, buried, beheaded, gassed, exterminated,
    eradicated, eliminated, wiped out, annihilated, massacred, beaten,
    put down, put to death, culled, gotten rid of, got rid of, shot dead, beaten up, raped,
    tortured, stabbed, wiped off the face of the earth, gassed
""")
# Threat phrases that need no violent verb: aimed at "you" by their wording alone.
THREAT_PHRASES = words("""
    watch your back, watch your step, i know where you live, we know where you live,
    i know where you work, sleep with one eye open, your days are numbered, you're dead,
    you are dead, you're a dead man, you are a dead man, you're going to die, you are going to die,
    you will die, you'll die, you're gonna die, you will regret, you'll regret, you will pay,
    you'll pay, you're going to regret, you are going to regret, you're gonna regret,
    you're going to pay, you are going to pay, you're gonna pay, you will be sorry,
    you'll be sorry, you will suffer, you'll suffer, you won't see it coming,
    death to, kill yourself, kys, go die, drop dead, hope you die, hope you get cancer,
    hope you get hit by a bus
""")
# Dying or suffering, wished on or demanded for a person: "you deserve to die".
THREAT_DIE = words("die, dies, dead, suffer, perish, rot, burn in hell, rot in hell")
BODY_PARTS = plurals("""
    throat, neck, face, head, leg, arm, bone, skull, teeth, tooth, jaw, nose, knee, kneecap,
    spine, back, heart, brain, eye, finger, hand, rib, gut, skin, door, house
""")

# --- profanity -------------------------------------------------------------------------------

# Swear words: offensive in any use, milder when not aimed at anyone.
PROFANITY = words("""
    fuck, fucks, fucked, fucker, fuckers, fucking, fuckin, fuckwit, fuckwits, fuckface,
    fuckhead, fuckheads, motherfucker, motherfuckers, motherfucking, mofo, fck, fcking, fuk,
    fuking, fukin, phuck, effing, shit, shits, shitty, shitting, shitter, shithead, shitheads,
    shithole, bullshit, horseshit, dipshit, dipshits, batshit, apeshit, shite, shitebag, crap,
    crappy, cunt, cunts, cunty, twat, twats, asshole, assholes, arsehole, arseholes, arse,
    ass, asses, jackass, dumbass, dumbasses, smartass, badass, fatass, asshat, assclown,
    bitch, bitches, bitching, bitchy, son of a bitch, bastard, bastards, dick, dicks, dickhead,
    dickheads, dickwad, cock, cocks, cocksucker, cocksuckers, prick, pricks, pussy, pussies,
    wanker, wankers, wank, tosser, tossers, bollocks, bellend, knobhead, knob, douche,
    douchebag, douchebags, piss, pissed, pissing, piss off, slut, sluts, slutty, whore, whores,
    hoe, hoes, skank, skanks, bloody hell, goddamn, goddamned, god damn, damn, dammit, damned,
    jerk off, jerkoff, circlejerk, tits, titties, boobs, butthole, screw you, piece of shit,
    pieces of shit, go fuck yourself, fuck yourself, fuck off, shut the fuck up, stfu, gtfo,
    get the fuck out
""")
# Words that are insults in the profanity lexicon (nouns aimed at a person).
PROFANE_NOUNS = frozenset(
    words("""
    fucker, fuckers, fuckwit, fuckwits, fuckface, fuckhead, fuckheads, motherfucker,
    motherfuckers, mofo, shitter, shithead, shitheads, dipshit, dipshits, shitebag, cunt, cunts,
    twat, twats, asshole, assholes, arsehole, arseholes, jackass, dumbass, dumbasses, smartass,
    fatass, asshat, assclown, bitch, bitches, son of a bitch, bastard, bastards, dick, dicks,
    dickhead, dickheads, dickwad, cock, cocksucker, cocksuckers, prick, pricks, pussy, pussies,
    wanker, wankers, tosser, tossers, bellend, knobhead, knob, douche, douchebag, douchebags,
    slut, sluts, whore, whores, hoe, hoes, skank, skanks, jerkoff, piece of shit, pieces of shit
""")
)
# Profane verbs that aim at whoever follows them: "fuck you", "screw them".
PROFANE_AT = frozenset(words("fuck, fuk, phuck, damn, screw you"))
# Profane phrases that are aimed at the reader by their wording: "go fuck yourself", "stfu".
PROFANE_YOU = frozenset(
    words("""
    go fuck yourself, fuck yourself, fuck off, shut the fuck up, stfu, gtfo, piss off,
    get the fuck out, get the hell out
""")
)
# Slurs: aimed at a group even when no person is named. Kept short and unambiguous; words with
# everyday meanings (a dyke is also an embankment) count only in a frame aimed at a person.
SLURS = words("""
    nigger, niggers, nigga, niggas, niggaz, faggot, faggots, fag, fags, dyke, dykes, tranny,
    trannies, retard, retards, retarded, spastic, spaz, kike, kikes, chink, chinks, gook, gooks,
    spic, spics, wetback, wetbacks, raghead, ragheads, towelhead, towelheads, paki, pakis,
    coon, coons, sandnigger, shemale, shemales, she male, she males, queer, queers, beaner,
    beaners, gyppo, pikey, pikeys, wog, wogs
""")
AMBIGUOUS_SLURS = frozenset(
    words("""
    faggot, faggots, fag, fags, dyke, dykes, coon, coons, spastic, retarded, paki, queer,
    queers
""")
)

# --- who a word can aim at -------------------------------------------------------------------

# Nouns for people, used to tell "the recruiter is a liar" (a person) from "the ad is
# deceptive" (a thing), and "all women are stupid" (people) from "all ads are stupid".
_ROLES = words("""
    person, guy, man, woman, boy, girl, kid, child, lady, gentleman, dude, bro, mate, buddy,
    fellow, bloke, chap, gal, human, individual, author, writer, blogger, poster, commenter,
    commentor, op, admin, moderator, mod, editor, journalist, reporter, recruiter, employer,
    employee, boss, manager, colleague, coworker, co-worker, friend, neighbour, neighbor,
    husband, wife, partner, boyfriend, girlfriend, brother, sister, mother, father, mom, mum,
    dad, son, daughter, uncle, aunt, cousin, teacher, student, doctor, nurse, lawyer, ex,
    politician, president, minister, senator, leader, candidate, seller, buyer, customer,
    client, owner, landlord, tenant, agent, salesman, saleswoman, consultant, coach, player,
    member, user, troll, stranger, citizen, worker, professional, expert, scientist, priest,
    pastor, cop, officer, soldier, liberal, conservative, leftist, rightist, democrat,
    republican, socialist, communist, fascist, feminist, boomer, millennial, zoomer, teenager,
    adult, elder, fan, hater, follower, voter, supporter, volunteer, nazi, racist, sexist,
    bigot, idiot, moron, fool, loser, liar, cheat, fraud, hypocrite, scammer
""")
_IRREGULAR = {
    "man": "men",
    "woman": "women",
    "child": "children",
    "person": "people",
    "gentleman": "gentlemen",
    "salesman": "salesmen",
    "saleswoman": "saleswomen",
}
PLURAL_PEOPLE = frozenset(
    _IRREGULAR.get(r, p) for r, p in zip(_ROLES, plurals(", ".join(_ROLES))[1::2], strict=True)
) | frozenset(words("people, folks, folk, guys, humans, persons, ppl, peeps, yall"))
# Nouns for people, used to tell "the recruiter is a liar" (a person) from "the ad is
# deceptive" (a thing).
PERSON_NOUNS = frozenset(_ROLES) | PLURAL_PEOPLE
# Groups by who they are (religion, ethnicity, nationality, gender, sexuality, disability,
# migration): "women are liars" aims at a group in a way "politicians lie" does not.
IDENTITY_NOUNS = frozenset(
    plurals("""
    muslim, jew, christian, hindu, buddhist, sikh, catholic, protestant, mormon, atheist, arab,
    african, asian, mexican, latino, latina, hispanic, indian, pakistani, chinese person,
    immigrant, migrant, refugee, foreigner, gay, lesbian, homosexual, bisexual, transgender,
    tranny, queer, black, white, disabled person, cripple, redneck, gypsy
""")
) | frozenset(
    words("""
    women, men, woman, man, girls, boys, females, males, jews, chinese, trans, lgbt, lgbtq,
    disabled, handicapped, gypsies, roma, travellers, jewish people
""")
)
IDENTITY_ADJS = frozenset(
    words("""
    gay, lesbian, trans, transgender, queer, bisexual, black, white, asian, brown, jewish,
    muslim, christian, hindu, disabled, deaf, blind, autistic, immigrant, foreign, latino,
    hispanic, arab, african, mexican, indian, chinese, native, indigenous, catholic, mormon
""")
)
# Pronouns by person. "her" is listed both as object and possessive; context decides.
SECOND = frozenset(words("you, u, ya, ye, yourself, yourselves, yall, y'all, thou, thee, youse"))
SECOND_POSS = frozenset(words("your, ur, yer, thy, yours, yourself"))
FIRST = frozenset(words("i, me, myself, we, us, ourselves, ourself"))
FIRST_POSS = frozenset(words("my, our, mine, ours"))
THIRD = frozenset(words("he, she, him, her, they, them, himself, herself, themselves, themself"))
THIRD_POSS = frozenset(words("his, her, their, theirs"))
NONPERSON = frozenset(
    words("""
    it, this, that, which, what, there, something, everything, anything, nothing, itself, these,
    those, here, thing, things, stuff
""")
)

# Every word of the noun and adjective lists: a frame may pass over them ("a lying, two-faced
# fraud"), since they describe the same person as the word being judged.
TERM_WORDS = frozenset(
    part
    for entry in (
        *ACCUSATION_NOUNS,
        *ACCUSATION_ADJS,
        *INSULT_NOUNS,
        *INSULT_ADJS,
        *PROFANE_NOUNS,
    )
    for part in entry.replace("-", " ").split()
) - frozenset(("of", "a", "the", "to", "with", "up", "in", "on"))

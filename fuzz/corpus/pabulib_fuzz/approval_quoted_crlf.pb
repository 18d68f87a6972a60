META
key;value
description;Local PB in Gdynia, Babie Doły | small
country;Poland
unit;Gdynia
district;Babie Doły
subunit;Babie Doły | small
instance;2021
num_projects;8
num_votes;516
budget;24426
vote_type;approval
rule;greedy-no-skip
date_begin;07.06.2021
date_end;21.06.2021
min_length;1
max_length;3
min_project_score_threshold;50
subdistricts;True
edition;8
language;pl
currency;PLN
PROJECTS
project_id;cost;votes;name;selected
BAD/0019;9400;234;Organizacja nocnego maratonu filmowego na plaży Babie Doły;1
BAD/0008;10000;224;"Progi zwalniające ""wyspowe"" oraz lustro drogowe na styku ulic Zielonej i Rybaków";1
BAD/0024;7000;183;Tablica informacyjna przy pętli autobusowej Babie Doły dot. Torpedowego Ośrodka Doświadczalnego “Hexengrund”;0
BAD/0005;6000;164;Tablica informacyjna przy samolocie TS-8 Bies;0
BAD/0007;3100;124;Oznakowanie ulicy Rybaków;0
BAD/0023;7000;88;Gry i zabawy z mapą i kompasem;0
BAD/0012;10000;77;Tablica informacji turystycznej na parkingu przy ul. Rybaków (za obecnym kościołem).;0
BAD/0004;6500;65;Bezpłatny kurs tańca towarzyskiego na Babich Dołach;0
VOTES
voter_id;vote;age;sex;voting_method
93;BAD/0005,BAD/0007,BAD/0024;36;F;internet
175;BAD/0005,BAD/0019,BAD/0024;47;M;internet
275;BAD/0005,BAD/0008,BAD/0024;29;F;internet
287;BAD/0019,BAD/0023,BAD/0024;36;M;internet
296;BAD/0019,BAD/0023,BAD/0024;9;M;internet
303;BAD/0019,BAD/0023,BAD/0024;4;F;internet

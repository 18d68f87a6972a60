META
key;value
description;District PB in Katowice, Koszutka
country;Poland
unit;Katowice
district;Koszutka
subunit;Koszutka
instance;2021
num_projects;9
num_votes;1081
budget;495032
vote_type;cumulative
rule;greedy-threshold
date_begin;06.09.2021
date_end;19.09.2021
min_sum_points;1
max_sum_points;3
min_project_score_threshold;50
edition;8
language;pl
currency;PLN
PROJECTS
project_id;cost;votes;score;name;selected;latitude;longitude
L12/13/VIII;47000;401;1002;Koszutkowy Placyk Zabaw;1;50.27457283391548;19.0228737228119
L12/06/VIII;220000;332;557;Koszutka LED - kontynuacja - jaśniej, bezpieczniej, eko;1;50.268616197393214;19.020627737045288
L12/07/VIII;297000;215;449;Grażyńskiego 5-7-7a-Kafej - dokończyMY remont;0;50.26573756743061;19.022414088249207
L12/05/VIII;138600;204;382;Bez klawiszujących płytek - remont nawierzchni chodnika na rogu Alei Korfantego i Katowickiej, strona nieparzysta;1;50.270176058617565;19.02478291250073
L12/03/VIII;10000;143;251;Zakup nowości wydawniczych do zbiorów Filii nr 11 MBP w Katowicach;1;50.26800070984012;19.01754319667816
L12/09/VIII;40000;112;188;Ogrodzenie prowizorycznego wybiegu dla psów na Placu Budnioka;1;50.267560091302144;19.013739824295044
L12/11/VIII;50000;110;174;Zdrowa woda dla każdego - poidełko na Placu Grunwaldzkim;0;50.26853181999873;19.021846058986707
L12/12/VIII;73500;59;109;Broniewskiego 3 - kończymy;0;50.27212209594133;19.022912979125977
L12/10/VIII;57500;79;107;Kulturalna Koszutka 2022;0;50.26828477153436;19.016921377829085
VOTES
voter_id;vote;points;age;sex
1400842112;L12/06/VIII;3;40;F
1400842169;L12/09/VIII;3;32;M
1400842170;L12/06/VIII,L12/07/VIII,L12/09/VIII;1,1,1;40;F
1400842184;L12/12/VIII;3;36;F
1400842273;L12/05/VIII;3;39;M
1400842276;L12/05/VIII;3;9;F
1400842330;L12/07/VIII;3;38;F
1400842342;L12/07/VIII;3;6;F
1400842350;L12/07/VIII;3;9;F
1400842359;L12/05/VIII;3;65;F
1400842541;L12/07/VIII,L12/06/VIII;2,1;4;F

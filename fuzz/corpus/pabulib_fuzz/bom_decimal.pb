META
key;value
budget;100,5
vote_type;approval
PROJECTS
project_id;cost;name
1;60;"a ""b"";c"
2;40.5;None
VOTES
voter_id;vote
1;1,2
2;2

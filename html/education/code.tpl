{{%AUTOESCAPE context="HTML"}}<h1>{{TITLE}}</h1>
{{#CODE}}<p>{{T_ed_code_new:none}}</p>
<p class="slip-secret" id="vote-code" lang="zxx" translate="no">{{CODE}}</p>
<div class="notice" role="status"><p><strong>{{T_ed_code_seconds:none}}</strong>{{T_ed_code_masked_at:none}}</p></div>
<p>{{T_ed_code_old:none}}</p>{{/CODE}}
{{#MASKED}}<div class="notice" role="status" id="masked"><p>{{T_ed_code_masked:none}}</p></div>
<p><a href="{{REASSORT_URL}}">{{T_ed_new_request:none}}</a></p>{{/MASKED}}
<p><a class="button" href="{{VOTE_URL}}">{{T_ed_type_code:none}}</a></p>

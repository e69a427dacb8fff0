{{%AUTOESCAPE context="HTML"}}<h1>{{TITLE}}</h1>
<div class="notice" role="status"><p>{{T_ed_activation_done:none}}</p></div>
<p><a class="button" href="{{VOTE_URL}}">{{T_ed_to_vote:none}}</a></p>

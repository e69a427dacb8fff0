{{%AUTOESCAPE context="HTML"}}<h1>{{TITLE}}</h1>
<div class="notice" role="status"><p>{{T_ed_vote_ok:none}}</p></div>
<p><a class="button secondary" href="{{BACK_URL}}">{{T_ed_back_account:none}}</a></p>

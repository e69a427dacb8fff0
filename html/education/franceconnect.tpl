{{%AUTOESCAPE context="HTML"}}<h1>{{TITLE}}</h1>
<div class="notice" role="alert"><p>{{MESSAGE}}</p></div>
<p><a class="button secondary" href="{{BACK_URL}}">{{T_ed_back_choice:none}}</a></p>

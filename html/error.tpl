{{%AUTOESCAPE context="HTML"}}<h1>{{TITLE}}</h1>
<p>{{MESSAGE}}</p>
<p><a class="button secondary" href="{{HOME}}">{{T_error_home:none}}</a></p>

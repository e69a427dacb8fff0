{{%AUTOESCAPE context="HTML"}}<h1>{{TITLE}}</h1>
<h2>{{T_in_support_q1:none}}</h2>
<p>{{T_in_support_a1:none}}</p>
<p><a class="button" href="{{REGENERATION_URL}}">{{T_in_regen_title:none}}</a></p>
<h2>{{T_in_support_q2:none}}</h2>
<p>{{T_in_support_a2:none}}</p>
<p><a href="{{LOGIN_URL}}">{{T_error_home:none}}</a></p>

{{%AUTOESCAPE context="HTML"}}<h1>{{TITLE}}</h1>
<p>{{MESSAGE}}</p>
<p><a class="button" href="{{FORGOT_URL}}">{{T_link_state_again:none}}</a></p>
<p><a href="{{LOGIN_URL}}">{{T_link_state_login:none}}</a></p>

{{%AUTOESCAPE context="HTML"}}<h1>{{TITLE}}</h1>
<div class="notice" role="status"><p>{{T_co_done_notice:none}}</p></div>
<p>{{T_co_done_text:none}}</p>
<p><a class="button" href="{{LOGIN_URL}}">{{T_login_title:none}}</a></p>

{{%AUTOESCAPE context="HTML"}}<h1>{{TITLE}}</h1>
<div class="notice" role="status"><p>{{T_in_screen_notice:none}}</p></div>
<p>{{T_in_screen_note:none}}</p>
<p class="secret"><code>{{PASSWORD}}</code></p>
<p>{{T_in_screen_text:none}}</p>
<p><a class="button" href="{{LOGIN_URL}}">{{T_login_submit:none}}</a></p>

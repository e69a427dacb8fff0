{{%AUTOESCAPE context="HTML"}}<h1>{{TITLE}}</h1>
<div class="notice" role="status"><p>{{T_request_received:none}}</p></div>
<p>{{#MAIL}}{{T_in_sent_mail:none}}{{/MAIL}}{{#SMS}}{{T_in_sent_sms:none}}{{/SMS}}</p>
<p>{{T_in_sent_nothing:none}}</p>
<p><a class="button secondary" href="{{LOGIN_URL}}">{{T_error_home:none}}</a></p>

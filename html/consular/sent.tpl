{{%AUTOESCAPE context="HTML"}}<h1>{{TITLE}}</h1>
<div class="notice" role="status"><p>{{T_request_received:none}}</p></div>
<p>{{T_co_sent_mail:none}}{{#PASSWORD}}{{T_co_sent_mail_link:none}}{{/PASSWORD}}.</p>
<p>{{T_co_sent_spam:none}}</p>
{{#PASSWORD}}<p>{{T_co_sent_sms:none}}</p>{{/PASSWORD}}
<p>{{T_co_not_both:none}}</p>
<p><a class="button secondary" href="{{LOGIN_URL}}">{{T_button_back:none}}</a></p>

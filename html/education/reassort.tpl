{{%AUTOESCAPE context="HTML"}}<h1>{{TITLE}}</h1>
<p class="lead">{{T_ed_choice_lead:none}}</p>
<ul>
<li>{{T_ed_choice_question:none}} <a id="question" href="{{QUESTION_URL}}">{{T_ed_click_here:none}}</a></li>
{{#FRANCECONNECT}}<li>{{T_ed_choice_fc:none}}
<div class="fc-group">
<a id="franceconnect" class="fc-button" href="{{URL}}"><span class="fc-login">{{T_ed_fc_login:none}}</span> <span class="fc-brand">FranceConnect</span></a>
<p><a href="https://franceconnect.gouv.fr/" target="_blank" rel="noopener noreferrer" title="{{T_ed_fc_what_new_window:none}}">{{T_ed_fc_what:none}}</a></p>
</div></li>{{/FRANCECONNECT}}
</ul>
<p class="hint">{{T_ed_choice_hint:none}}</p>
<p><a class="button secondary" href="{{BACK_URL}}">{{T_button_back:none}}</a></p>

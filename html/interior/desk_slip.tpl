{{%AUTOESCAPE context="HTML"}}<h1 class="no-print">{{TITLE}}</h1>
{{#SLIP}}<p class="notice no-print">{{#PASSWORD}}{{T_in_slip_once_password:none}}{{/PASSWORD}}{{#KEY}}{{T_in_slip_once_key:none}}{{/KEY}}</p>
<section class="slip" aria-labelledby="slip-title">
<h2 id="slip-title">{{#PASSWORD}}{{T_in_slip_heading_password:none}}{{/PASSWORD}}{{#KEY}}{{T_in_slip_heading_key:none}}{{/KEY}}</h2>
<dl class="summary">
<dt>{{T_in_desk_agent:none}}</dt><dd>{{AGENT_NAME}}</dd>
<dt>{{T_in_desk_bureau:none}}</dt><dd>{{BUREAU}}</dd>
<dt>{{T_in_slip_by:none}}</dt><dd>{{OFFICER}}</dd>
<dt>{{T_in_slip_on:none}}</dt><dd>{{AT}}</dd>
</dl>
<p class="slip-secret-label">{{#PASSWORD}}{{T_in_slip_password_label:none}}{{/PASSWORD}}{{#KEY}}{{T_in_slip_key_label:none}}{{/KEY}}</p>
<p class="slip-secret" id="slip-secret">{{SECRET}}</p>
<h3>{{T_in_slip_next:none}}</h3>
{{#PASSWORD}}<ol>
<li>{{T_in_slip_password_1:none}}</li>
<li>{{T_in_slip_password_2:none}}</li>
<li>{{T_in_slip_password_3:none}}</li>
</ol>{{/PASSWORD}}{{#KEY}}<ol>
<li>{{T_in_slip_key_1:none}}</li>
<li>{{T_in_slip_key_2:none}}</li>
<li>{{T_in_slip_key_3:none}}</li>
</ol>{{/KEY}}
</section>{{/SLIP}}
{{#GONE}}<div class="notice" role="status"><p>{{T_in_slip_gone:none}}</p></div>{{/GONE}}
<p class="no-print"><a href="{{SEARCH_URL}}">{{T_in_desk_search_other:none}}</a></p>
<form method="post" action="{{LOGOUT_URL}}" class="no-print">
<input type="hidden" name="csrf" value="{{CSRF}}">
<button type="submit" class="secondary">{{T_account_logout:none}}</button>
</form>

{{%AUTOESCAPE context="HTML"}}{{#ERRORS}}<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1" autofocus>
<h2 id="error-summary-title">{{T_errors_title:none}}</h2>
<ul>{{#ERROR}}<li><a href="#{{FIELD}}">{{MESSAGE}}</a></li>{{/ERROR}}</ul>
</div>{{/ERRORS}}{{#NOTICE}}<div class="notice" role="status"><p>{{TEXT}}</p></div>{{/NOTICE}}
